fn main() do
  let inc = fn(x :: Int) -> x + 1 end
  let mul = fn (a :: Int, b :: Int) -> a * b end
  let n :: Int = inc(4)
  let label :: String = "n="
  println("#{label}#{n} #{mul(3, 4)}")
end
