fn main() do
  let n = 1
  if n > 0 do
    continue
  end
  println("x")
end
