fn main() do
  let s = "a
b"
  println(s)
  println("#{String.length(s)}")
end
