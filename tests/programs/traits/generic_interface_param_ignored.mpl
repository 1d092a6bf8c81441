interface Conv<T> do
  fn conv(self) -> String
end

impl Conv for Int do
  fn conv(self) -> String do
    "c#{self}"
  end
end

fn main() do
  println(5.conv())
end
