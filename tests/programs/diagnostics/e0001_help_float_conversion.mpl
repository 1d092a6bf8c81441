fn main() do
  let f :: Float = 1
  println("#{f}")
end
