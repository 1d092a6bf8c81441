fn main() do
  let min = -9223372036854775808
  let m1 = -1
  println("#{min}")
  println("#{min / m1}")
  println("#{min % m1}")
end
