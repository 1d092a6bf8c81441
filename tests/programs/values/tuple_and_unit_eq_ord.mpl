fn main() do
  let a = (1, "a")
  let b = (1, "b")
  let c = (0, "z")
  let same = (1, "a")
  println("#{a == same} #{b > a} #{c < a} #{a != b} #{compare(a, c)}")
  println("#{() == ()}")
end
