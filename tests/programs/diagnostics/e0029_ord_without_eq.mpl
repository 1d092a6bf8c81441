struct Foo do
  x :: Int
end deriving(Ord)

fn main() do
  println("x")
end
