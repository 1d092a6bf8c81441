interface Label do
  fn label(self) -> String
end

impl Label for Int do
  fn label(self) -> String do
    "one"
  end
end

impl Label for Int do
  fn label(self) -> String do
    "two"
  end
end

fn main() do
  println(5.label())
end
