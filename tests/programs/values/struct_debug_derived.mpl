struct Point do
  x :: Int
  y :: Int
end deriving(Debug)

struct Empty do
end deriving(Debug)

struct Item do
  label :: String
  price :: Float
end deriving(Debug)

fn main() do
  let p = Point { x: 1, y: 2 }
  println(p.inspect())
  println("#{p}")
  let e = Empty {}
  println(e.inspect())
  let it = Item { label: "nut", price: 2.0 }
  println(it.inspect())
end
