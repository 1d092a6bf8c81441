fn main() do
  let s = "héllo \"x\""
  println(s.to_string())
  println(s.inspect())
  println("".inspect())
  println(["a", "b"].inspect())
end
