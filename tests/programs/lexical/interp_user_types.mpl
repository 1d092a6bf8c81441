struct Item do
  label :: String
  qty :: Int
end deriving(Display, Debug)

type Shape do
  Dot
  Square(Int)
end deriving(Display)

struct Pair do
  left :: Int
  right :: Int
end

fn main() do
  let it = Item { label: "bolt", qty: 3 }
  println("#{it}")
  println(it.inspect())
  let sq = Square(4)
  println("#{sq} #{Dot}")
  let p = Pair { left: 1, right: 2 }
  println("#{p}")
  let q = "quoted"
  println(q.inspect())
end
