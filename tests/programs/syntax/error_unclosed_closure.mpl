fn main() do
  let f = (fn x -> x + 1)
  println("#{f(1)}")
end
