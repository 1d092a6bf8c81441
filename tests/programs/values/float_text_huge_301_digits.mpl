fn main() do
  let x = 1.5e300
  println("#{x}")
end
