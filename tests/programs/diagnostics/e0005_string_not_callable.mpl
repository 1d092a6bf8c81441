fn main() do
  let s = "x"
  let r = s()
  println("#{r}")
end
