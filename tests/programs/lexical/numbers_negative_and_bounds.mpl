fn main() do
  let a = -5
  let b = - 5
  let c = -9223372036854775808
  let d = 9223372036854775807
  println("#{a} #{b} #{c} #{d}")
  println("#{d + 1}")
  println("#{-a} #{2 - -3}")
end
