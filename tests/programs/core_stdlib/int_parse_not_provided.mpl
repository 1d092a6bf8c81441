fn main() do
  println("#{Int.parse("12")}")
end
