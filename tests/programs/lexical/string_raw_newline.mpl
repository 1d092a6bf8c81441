fn main() do
  let s = "first
  second"
  println(s)
  println("x
y")
end
