type Shape do
  Dot
  Circle(Float)
end deriving(Eq, Clone)

fn main() do
  println("x")
end
