interface Shape do
  fn area(self) -> Float
end

impl Shape for Int do
  fn area(self) -> Int do
    self * self
  end
end

fn main() do
  println("#{3.area()}")
end
