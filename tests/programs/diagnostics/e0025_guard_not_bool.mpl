fn main() do
  let n = 3
  let s = case n do
    x when x + 1 -> "odd"
    _ -> "other"
  end
  println(s)
end
