type Light do
  Red
  Amber
  Green
end

fn step(l :: Light) -> Light do
  case l do
    Red -> Green
    Green -> Amber
  end
end

fn main() do
  let s = step(Red)
  println("#{s}")
end
