fn main() do
  print("a")
  print("b")
  println("c")
  print("")
  println("")
  print("end")
end
