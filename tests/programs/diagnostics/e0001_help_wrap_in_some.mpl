fn main() do
  let x :: Int? = 5
  println("#{x}")
end
