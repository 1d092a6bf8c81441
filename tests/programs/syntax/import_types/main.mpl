import Shapes.Kinds
from Shapes.Kinds import Point, Shape, Meters

fn describe(s :: Shape) -> String do
  case s do
    Dot -> "dot"
    Circle(r) -> "circle #{r}"
  end
end

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = Kinds.Point { x: 3, y: 4 }
  let d :: Meters = 12
  println("#{p} #{q} #{Kinds.origin()}")
  println("#{describe(Circle(2))} #{describe(Dot)} #{d}")
end
