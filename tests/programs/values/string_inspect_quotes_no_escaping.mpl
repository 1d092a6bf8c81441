fn main() do
  let s = "hi"
  println(s.inspect())
  let q = "say \"x\""
  println(q.inspect())
  println(s.to_string())
end
