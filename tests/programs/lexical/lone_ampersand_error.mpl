fn main() do
  let b = true & false
  println("no")
end
