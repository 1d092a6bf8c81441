fn main() do
  let f = fn x -> x(x) end
  println("x")
end
