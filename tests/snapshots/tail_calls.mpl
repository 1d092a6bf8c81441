# Self tail calls become loops; non-tail recursion stays a call.
fn count_down(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    count_down(n - 1, acc + n)
  end
end

fn factorial(n :: Int) -> Int do
  if n <= 1 do
    1
  else
    n * factorial(n - 1)
  end
end

fn main() do
  println("#{count_down(100000, 0)}")
  println("#{factorial(10)}")
end
