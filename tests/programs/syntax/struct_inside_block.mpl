fn main() do
  struct Inner do
    x :: Int
  end
  println("x")
end
