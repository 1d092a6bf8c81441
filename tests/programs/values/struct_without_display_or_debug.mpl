struct Tag do
  name :: String
end deriving()

struct Id do
  n :: Int
end deriving(Eq)

fn main() do
  let t = Tag { name: "x" }
  let i = Id { n: 3 }
  println("#{t} #{i}")
end
