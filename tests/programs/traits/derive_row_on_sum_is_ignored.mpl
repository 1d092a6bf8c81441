type Shape do
  Dot
  Circle(Float)
end deriving(Eq, Display, Row)

fn main() do
  println("#{Circle(1.5)} #{Dot == Dot}")
end
