fn main() do
  let s = "x"
  let n = -s
  println(n)
end
