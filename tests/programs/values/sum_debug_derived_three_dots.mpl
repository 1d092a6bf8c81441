type Shape do
  Dot
  Circle(Float)
  Rect(width :: Int, height :: Int)
end deriving(Debug)

fn main() do
  let c = Circle(3.5)
  let r = Rect(2, 5)
  let d = Dot
  println(c.inspect())
  println(r.inspect())
  println(d.inspect())
  println("#{c} #{d}")
  let all = [d, c]
  println("#{all}")
end
