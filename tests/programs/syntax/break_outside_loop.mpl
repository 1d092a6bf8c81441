fn main() do
  break
  println("x")
end
