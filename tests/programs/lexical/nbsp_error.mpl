fn main() do
  let x = 1
  println("no")
end
