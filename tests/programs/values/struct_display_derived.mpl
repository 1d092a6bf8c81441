struct Point do
  x :: Int
  y :: Int
end deriving(Display)

struct Empty do
end deriving(Display)

fn main() do
  let p = Point { x: 1, y: 2 }
  println("#{p}")
  println(p.to_string())
  let e = Empty {}
  println("#{e}")
end
