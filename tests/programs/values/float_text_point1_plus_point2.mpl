fn main() do
  let x = 0.1 + 0.2
  println("#{x}")
end
