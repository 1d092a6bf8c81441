fn main() do
  let f = fn x -> x end
  println("#{f}")
end
