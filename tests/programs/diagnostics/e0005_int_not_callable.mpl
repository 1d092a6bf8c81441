fn main() do
  let n = 5
  let r = n(1)
  println("#{r}")
end
