fn main() do
  let min = -9223372036854775808
  let max = 9223372036854775807
  println("#{min < max} #{-1 < 1} #{max > min} #{-5 <= -5} #{3 >= 4} #{-2 > -3}")
end
