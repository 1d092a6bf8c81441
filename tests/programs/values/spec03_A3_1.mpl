fn main() do
  let third = 1.0 / 3.0
  println("#{2.0 * 4.0} #{0.1 + 0.2} #{third}")
end
