fn main() do
  let xs :: List<Int> = []
  let l = List.last(xs)
  println("after #{l}")
end
