fn main() do
  let x = 1.0 / 3.0
  println("#{x}")
end
