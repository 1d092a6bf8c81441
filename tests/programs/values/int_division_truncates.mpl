fn main() do
  let a = 7
  let b = -7
  println("#{a / 2} #{b / 2} #{a / -2} #{b / -2}")
  println("#{0 / 5} #{1 / 2} #{-1 / 2}")
end
