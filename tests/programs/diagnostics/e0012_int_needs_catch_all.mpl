fn main() do
  let n = 3
  let s = case n do
    0 -> "zero"
    1 -> "one"
  end
  println(s)
end
