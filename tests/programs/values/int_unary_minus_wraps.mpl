fn main() do
  let max = 9223372036854775807
  let min = max + 1
  let neg_min = -min
  let neg_max = -max
  println("#{neg_min}")
  println("#{neg_max}")
  println("#{neg_min == min}")
end
