fn main() do
  let f = def x -> x end
  println("#{f(1)}")
end
