fn main() do
  let x = -3.5
  println("#{x}")
end
