interface Beta do
  fn describe(self) -> String
end

interface Alpha do
  fn describe(self) -> String
end

impl Beta for Int do
  fn describe(self) -> String do
    "beta"
  end
end

impl Alpha for Int do
  fn describe(self) -> String do
    "alpha"
  end
end

fn main() do
  println(5.describe())
end
