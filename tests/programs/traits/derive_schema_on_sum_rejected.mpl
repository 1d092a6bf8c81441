type Shape do
  Dot
  Circle(Float)
end deriving(Eq, Schema)

fn main() do
  println("x")
end
