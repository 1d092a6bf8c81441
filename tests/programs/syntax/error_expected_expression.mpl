fn main() do
  let x = * 3
  println("#{x}")
end
