fn main() do
  let x = -0.0
  println("#{x}")
end
