fn main() do
  let x = 1e-7
  println("#{x}")
end
