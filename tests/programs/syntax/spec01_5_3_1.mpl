type Shape do
  Dot
  Circle(Float)
  Rect(width :: Float, height :: Float)
end deriving(Eq, Debug)

fn area(s :: Shape) -> Float do
  case s do
    Dot -> 0.0
    Circle(r) -> 3.0 * r * r
    Rect(w, h) -> w * h
  end
end

fn main() do
  let shapes = [Dot, Circle(1.0), Rect(2.0, 3.5)]
  for s in shapes do
    println("#{s} #{area(s)}")
  end
  println("#{Circle(1.0) == Circle(1.0)} #{Dot == Circle(2.0)}")
end
