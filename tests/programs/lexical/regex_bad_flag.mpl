fn main() do
  let r = ~r/abc/x
  println("no")
end
