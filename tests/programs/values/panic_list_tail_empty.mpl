fn main() do
  let xs :: List<Int> = []
  println("one")
  let t = List.tail(xs)
  println("after #{t}")
end
