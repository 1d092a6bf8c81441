fn main() do
  let x = 1e22
  println("#{x}")
end
