fn main() do
  let t = (1, 2)
  let i = -1
  println("#{Tuple.nth(t, 0)}")
  println("#{Tuple.nth(t, i)}")
end
