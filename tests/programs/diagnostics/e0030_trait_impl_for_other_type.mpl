interface Label do
  fn label(self) -> String
end

impl Label for Int do
  fn label(self) -> String do
    "int"
  end
end

fn main() do
  println(2.5.label())
end
