fn main() do
  let max = 9223372036854775807
  let min = max + 1
  println("#{min}")
  println("#{min - 1}")
  println("#{max + max}")
end
