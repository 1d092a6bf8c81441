struct Point do
  x :: Int
  y :: Int
end

type Shape do
  Dot
  Circle(Float)
end

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = Point { x: 2, y: 0 }
  println("#{p}")
  println(p.inspect())
  println(p.to_string())
  println("#{p == q} #{p < q} #{p.hash() == Point { x: 1, y: 2 }.hash()}")
  println("#{Dot} #{Circle(2.5)}")
  println(Circle(2.5).inspect())
  println("#{Dot == Dot} #{Dot < Circle(0.5)} #{Circle(2.0) > Circle(1.0)}")
end
