type Shape do
  Dot
  Circle(Float)
end deriving(Display, Eq)

fn main() do
  println("#{Dot == Dot}")
  println("#{Dot < Circle(1.0)}")
end
