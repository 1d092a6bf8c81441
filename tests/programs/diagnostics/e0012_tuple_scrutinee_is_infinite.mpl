fn main() do
  let p = (true, false)
  let s = case p do
    (true, _) -> "a"
    (false, _) -> "b"
  end
  println(s)
end
