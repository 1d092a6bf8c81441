fn main() do
  let a = 7
  let b = -7
  println("#{a % 3} #{b % 3} #{a % -3} #{b % -3}")
  println("#{-1 % 2} #{6 % 3} #{-6 % 4}")
end
