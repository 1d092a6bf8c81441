fn main() do
  let x = Math.sqrt(2.0)
  println("#{x}")
end
