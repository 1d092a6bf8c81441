fn main() do
  println("never")
end
