fn main() do
  let city = "Oslo"
  let temp = -3
  println("#{city}: ${temp}C, feels like #{temp - 4}C")
  println("cost: \$9 and \#{not interpolated}")
end
