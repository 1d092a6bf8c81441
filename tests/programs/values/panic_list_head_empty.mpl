fn main() do
  let xs :: List<Int> = []
  println("before")
  let h = List.head(xs)
  println("after #{h}")
end
