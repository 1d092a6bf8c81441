fn main() do
  let n = 2
  let r = case n do
    1 -> "one"
    _ -> 0
  end
  println("#{r}")
end
