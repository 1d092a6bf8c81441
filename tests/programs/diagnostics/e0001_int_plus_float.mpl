fn main() do
  let x = 1 + 2.0
  println("#{x}")
end
