struct Point do
  x :: Int
  y :: Int
end deriving()

type Light do
  Red
  Level(Int)
end deriving()

fn main() do
  let p = Point { x: 1, y: 2 }
  println("#{p}")
  println("#{Red}")
end
