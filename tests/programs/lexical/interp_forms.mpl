fn main() do
  let a = 1
  let b = "two"
  println("#{a}-${b}")
  println("${a + 1}#{b <> "!"}")
  println("#{a}${a}#{a}")
  println("#{"nested #{b} string"}")
  println("${"${a}"}")
end
