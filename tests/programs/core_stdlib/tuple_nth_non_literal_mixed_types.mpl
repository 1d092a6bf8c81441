fn main() do
  let t = (1, "a")
  let i = 0
  println("#{Tuple.nth(t, i)}")
end
