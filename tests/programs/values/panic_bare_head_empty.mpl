fn main() do
  let xs :: List<String> = []
  let h = head(xs)
  println("after #{h}")
end
