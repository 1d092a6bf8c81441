struct Point do
  x :: Int
end deriving(Eq, Display)

fn main() do
  let p = Point { x: 1 }
  println(p.inspect())
end
