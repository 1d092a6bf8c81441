interface Describe do
  fn describe(self) -> String
  fn twice(self) -> String do
    self.describe() <> self.describe()
  end
end

struct Point do
  x :: Int
  y :: Int
end deriving(Display)

impl Describe for Point do
  fn describe(self) -> String do
    "P#{self.x}"
  end
end

impl Describe for Int do
  fn describe(self) -> String do
    "I#{self}"
  end
end

fn main() do
  let p = Point { x: 1, y: 2 }
  println(Describe.describe(p))
  println(Describe.describe(5))
  println(Describe.twice(p))
  println(Point.describe(p))
  println(Point.to_string(p))
  println(Point.twice(p))
end
