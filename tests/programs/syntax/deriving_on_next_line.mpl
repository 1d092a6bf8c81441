struct Point do
  x :: Int
end
deriving(Eq)

fn main() do
  println("x")
end
