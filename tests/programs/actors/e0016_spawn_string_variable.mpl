fn main() do
  let name = "worker"
  let p = spawn(name)
  println("spawned")
end
