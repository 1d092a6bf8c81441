struct Item do
  label :: String
  qty :: Int
end deriving(Display, Debug)

type Shape do
  Dot
  Square(Int)
end deriving(Display)

fn main() do
  let it = Item { label: "bolt", qty: 3 }
  println("#{it}")
  println(it.inspect())
  let sq = Square(4)
  println("#{sq} #{Dot}")
end
