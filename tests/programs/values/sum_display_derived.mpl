type Shape do
  Dot
  Circle(Float)
  Rect(Int, Int)
end deriving(Display)

fn main() do
  let shapes = [Dot, Circle(3.5), Rect(2, 5), Circle(2.0)]
  println("#{shapes}")
  let c = Circle(3.5)
  println("#{c} #{Dot}")
  println(c.to_string())
end
