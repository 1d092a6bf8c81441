fn main() do
  let add = fn a, b -> a + b end
  println("#{add(1)}")
end
