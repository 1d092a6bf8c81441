fn main() do
  let r = ~x
  println("no")
end
