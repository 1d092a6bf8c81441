fn main() do
  let s = "say \"hi\" <b>"
  println(s)
  println("<#{s}>")
end
