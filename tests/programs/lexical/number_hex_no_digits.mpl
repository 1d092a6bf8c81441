fn main() do
  let x = 0x
  println("#{x}")
end
