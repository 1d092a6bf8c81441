fn main() do
  let zero = 0.0
  println("#{-7.5 % 2.0} #{7.5 % -2.0} #{7.5 % 2.0}")
  println("#{5.0 % zero}")
end
