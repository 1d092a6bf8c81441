fn main() do
  let xs = [1, 2, 3]
  let first = xs[0]
  println("#{first}")
end
