# Every tier of the wrap-around check (codegen wrap_check): results near the one-digit
# bound 2**30 - 1, near the 64-bit bounds, and the one-sided checks of `x + 1` / `x - 1`.
fn add(a :: Int, b :: Int) -> Int do
  a + b
end

fn inc(a :: Int) -> Int do
  a + 1
end

fn dec(a :: Int) -> Int do
  a - 1
end

fn mul(a :: Int, b :: Int) -> Int do
  a * b
end

fn main() do
  let max = 9223372036854775807
  let min = add(0 - max, -1)
  println("#{min}")
  println("#{add(max, 1)}")
  println("#{inc(max)}")
  println("#{dec(min)}")
  println("#{add(min, 0)}")
  println("#{add(min, -1)}")
  println("#{mul(max, 2)}")
  println("#{mul(min, -1)}")
  println("#{add(1073741822, 1)} #{add(-1073741822, -1)} #{add(1073741823, 0)}")
  println("#{inc(1073741822)} #{dec(-1073741822)} #{inc(-5)} #{dec(5)}")
end
