type Shape do
  Dot
  Rect(Int, Int)
end

fn size(s :: Shape) -> Int do
  case s do
    Dot -> 0
  end
end

fn main() do
  println("#{size(Dot)}")
end
