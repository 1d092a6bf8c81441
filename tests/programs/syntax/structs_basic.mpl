struct Point do
  x :: Int
  y :: Int
end deriving(Eq, Ord, Display, Debug)

struct Line do
  p1 :: Point
  p2 :: Point
end deriving(Debug)

struct Size do w :: Int h :: Int end

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = Point { y: 5, x: 4 }
  println("#{p} #{q}")
  println("#{p.x + q.y}")
  println(p.inspect())
  let r = %{p | y: 10}
  let s = %{p | x: 7, y: 8}
  println("#{r} #{s} #{p}")
  println("#{p == Point { x: 1, y: 2 }} #{p == q}")
  let l = Line { p1: p, p2: q }
  println("#{l.p2.x} #{l.p1.y}")
  let c = Point { x: 3 y: 4 }
  let d = Point {
    x: 5
    y: 6
  }
  println("#{c} #{d}")
  let sz = Size { w: 2, h: 3 }
  println("#{sz.w * sz.h}")
  println("#{Point { x: 0, y: 0 }}")
  println("#{p.to_string().length()}")
end
