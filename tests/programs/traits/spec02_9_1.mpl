interface Shape do
  fn area(self) -> Float
  fn describe(self) -> String do
    "shape"
  end
end

struct Square do
  side :: Float
end

impl Shape for Square do
  fn area(self) -> Float do
    self.side * self.side
  end
end

fn main() do
  let sq = Square { side: 1.5 }
  println("#{sq.area()} #{sq.describe()}")
  println("#{area(sq)}")
end
