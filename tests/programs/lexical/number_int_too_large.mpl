fn main() do
  let x = 9223372036854775808
  println("#{x}")
end
