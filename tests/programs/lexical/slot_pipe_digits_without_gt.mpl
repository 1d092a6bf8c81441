fn main() do
  let f = fn 1 -> "a" |2 -> "b" end
  println(f(1))
end
