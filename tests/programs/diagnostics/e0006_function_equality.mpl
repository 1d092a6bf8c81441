fn main() do
  let f = fn x -> x + 1 end
  println("#{f == f}")
end
