fn main() do
  let n = 1
  let s = case n do
    1 -> "first"
    1 -> "second"
    _ -> "other"
  end
  println(s)
end
