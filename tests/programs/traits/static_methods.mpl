struct Wrapper do
  value :: Int
end

impl From<Int> for Wrapper do
  fn from(n :: Int) -> Wrapper do
    Wrapper { value: n * 2 }
  end
end

interface Origin do
  fn origin() -> Self
  fn dist(self) -> Int
end

struct Point do
  x :: Int
  y :: Int
end

impl Origin for Point do
  fn origin() -> Point do
    Point { x: 0, y: 0 }
  end

  fn dist(self) -> Int do
    self.x + self.y
  end
end

fn main() do
  let w = Wrapper.from(21)
  println("#{w.value}")
  let o = Point.origin()
  println("#{o.x} #{o.y} #{o.dist()}")
  let p = %{o | x: 3, y: 4}
  println("#{p.dist()}")
end
