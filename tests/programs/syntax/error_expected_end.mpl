fn main() do
  println("never closed")
