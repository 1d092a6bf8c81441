fn main() do
  println(42.to_string())
  println(true.to_string())
  println(3.5.to_string())
  println([1, 2].to_string())
  println("#{42.to_string().length()}")
end
