fn main() do
  println("#{1.5e-10}")
  println("#{1e-5}")
  println("#{2.5e-3}")
  println("#{123456789012345678.0}")
  println("#{6E+2}")
end
