fn divide(a :: Int, b :: Int) -> Int do
  a / b
end

fn main() do
  println("start")
  let z = divide(10, 0)
  println("never #{z}")
end
