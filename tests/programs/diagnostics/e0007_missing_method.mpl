interface Shape do
  fn area(self) -> Float
  fn describe(self) -> String do
    "shape"
  end
end

impl Shape for Int do
  fn describe(self) -> String do
    "int"
  end
end

fn main() do
  println(5.describe())
end
