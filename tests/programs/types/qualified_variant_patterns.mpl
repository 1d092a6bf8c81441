type Shape do
  Dot
  Circle(Float)
end deriving(Display)

fn area(s :: Shape) -> Float do
  case s do
    Shape.Dot -> 0.0
    Shape.Circle(r) -> r * r * 3.0
  end
end

fn main() do
  println("#{area(Shape.Circle(2.0))} #{area(Dot)}")
end
