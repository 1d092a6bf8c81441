fn main() do
  let x :: Int = "hello"
  println("#{x}")
end
