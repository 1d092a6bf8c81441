fn main() do
  let zero = 0.0
  let a = 1.0 / zero
  let b = -1.0 / zero
  let c = zero / zero
  println("#{a} #{b} #{c}")
  println("still running")
end
