fn main() do
  let n = 5
  if not n == 0 do
    println("nonzero")
  end
end
