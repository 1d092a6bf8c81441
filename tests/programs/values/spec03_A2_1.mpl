fn main() do
  let a = -7
  println("#{a / 2} #{a % 3} #{7 % -3}")
end
