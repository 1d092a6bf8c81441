type Foo do
  A
  B
end deriving(Eq, Clone)

fn main() do
  println("x")
end
