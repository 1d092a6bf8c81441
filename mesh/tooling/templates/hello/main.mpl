fn main() do
  println("Hello from Mesh!")
end
