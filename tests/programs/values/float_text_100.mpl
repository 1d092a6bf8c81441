fn main() do
  let x = 100.0
  println("#{x}")
end
