struct Point do
  x :: Int
end deriving()

fn main() do
  let p = Point { x: 1 }
  println("#{p == p}")
end
