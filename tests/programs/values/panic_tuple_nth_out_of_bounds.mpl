fn main() do
  let t = (7, 8)
  let i = 2
  println("#{Tuple.nth(t, 1)}")
  println("#{Tuple.nth(t, i)}")
end
