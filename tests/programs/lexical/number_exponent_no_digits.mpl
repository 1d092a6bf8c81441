fn main() do
  let x = 1e
  println("#{x}")
end
