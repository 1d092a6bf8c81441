type Shape do
  Dot
  Circle(Float)
  Rect(w :: Int, h :: Int)
end deriving(Eq, Ord, Display, Debug, Hash)

fn main() do
  let shapes = [Rect(2, 5), Dot, Circle(3.5)]
  println("#{shapes}")
  println("#{Circle(3.5)} #{Rect(2, 5)} #{Dot}")
  println("#{Circle(3.5).inspect()} #{Rect(2, 5).inspect()} #{Dot.inspect()}")
  println("#{Dot < Circle(1.0)} #{Circle(9.0) < Rect(0, 0)} #{Circle(1.0) < Circle(2.0)}")
  println("#{Rect(1, 9) < Rect(2, 0)} #{Rect(2, 1) > Rect(2, 0)} #{Rect(1, 1) <= Rect(1, 1)}")
  println("#{Rect(2, 5) == Rect(2, 5)} #{Rect(2, 5) == Rect(5, 2)} #{Dot != Dot}")
  println("#{compare(Dot, Dot)} #{compare(Rect(0, 0), Dot)}")
  println("#{Rect(2, 5).hash() == Rect(2, 5).hash()}")
end
