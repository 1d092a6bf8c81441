fn main() do
  println("before")
  Err("ignored")
end
