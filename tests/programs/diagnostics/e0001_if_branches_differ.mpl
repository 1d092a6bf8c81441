fn main() do
  let c = true
  let v = if c do 1 else "one" end
  println("#{v}")
end
