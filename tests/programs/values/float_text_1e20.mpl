fn main() do
  let x = 1e20
  println("#{x}")
end
