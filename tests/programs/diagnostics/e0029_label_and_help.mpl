type Foo do
  A
  B
end deriving(Ord)

fn main() do
  println("x")
end
