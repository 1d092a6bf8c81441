fn main() do
  let x = 2.0
  let y = 0.5
  println(x.to_string())
  println(String.from(y))
  println("#{[x, y]}")
end
