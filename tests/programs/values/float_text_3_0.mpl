fn main() do
  let x = 3.0
  println("#{x}")
end
