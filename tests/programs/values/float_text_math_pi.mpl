fn main() do
  let x = Math.pi
  println("#{x}")
end
