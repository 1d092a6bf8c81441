fn main() do
  let f = Float.from(42)
  println("#{f}")
  println(String.from(42))
  println(String.from(3.14))
  println(String.from(true))
  println(String.from(3.0))
  println(Int.to_string(-17))
  println("#{Int.to_float(7)}")
end
