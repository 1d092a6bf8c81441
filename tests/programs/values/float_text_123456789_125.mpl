fn main() do
  let x = 123456789.125
  println("#{x}")
end
