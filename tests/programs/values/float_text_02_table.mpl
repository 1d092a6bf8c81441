fn main() do
  let zero = 0.0
  println("#{42.0}")
  println("#{3.14}")
  println("#{-2.5}")
  println("#{1.0e21}")
  println("#{1.0e-7}")
  println("#{zero / zero}")
  println("#{1.0 / zero}")
  println("#{-1.0 / zero}")
end
