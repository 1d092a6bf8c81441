pub struct Point do
  x :: Int
  y :: Int
end deriving(Eq, Display)

pub type Shape do
  Dot
  Circle(Int)
end deriving(Display)

pub type Meters = Int

pub fn origin() -> Point = Point { x: 0, y: 0 }
