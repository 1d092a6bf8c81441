fn main() do
  println("x")
  break
end
