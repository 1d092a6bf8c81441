fn main() do
  let a = 1.5
  let b = 2.5
  println("#{a < b} #{a > b} #{a == 1.5} #{-0.0 == 0.0} #{b >= 2.5} #{compare(a, b)}")
end
