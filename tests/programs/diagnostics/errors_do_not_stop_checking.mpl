fn main() do
  let a :: Int = "x"
  let b = nowhere + 1
  println("#{a} #{b}")
end
