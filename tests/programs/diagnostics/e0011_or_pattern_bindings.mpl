fn main() do
  let p = (1, 0)
  let r = case p do
    (x, 0) | (0, y) -> 1
    _ -> 2
  end
  println("#{r}")
end
