fn main() do
  let p = spawn(42)
  println("spawned")
end
