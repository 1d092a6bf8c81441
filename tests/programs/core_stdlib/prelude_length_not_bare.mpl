fn main() do
  println("#{length("abc")}")
end
