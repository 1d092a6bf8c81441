fn main() do
  let x = 3
  let v = if x > 1 do "big"
  else "small" end
  println(v)
  let w = if x > 5 do
    "huge"
  else if x > 2 do
    "medium"
  else
    "tiny"
  end
  println(w)
  println(if x == 3 do "three" else "other" end)
end
