fn main() do
  let p = make()
  println("#{p} #{describe(Blue)} #{describe(Red)}")
end

fn make() -> Point = Point { x: 1, y: 2 }

fn describe(c :: Color) -> String do
  case c do
    Red -> "red"
    Blue -> "blue"
  end
end

type Color do
  Red
  Blue
end

struct Point do
  x :: Int
  y :: Int
end deriving(Display)
