interface Label do
  fn label(self) -> String
end

impl Label for Int do
  fn label(self) -> String do
    "int"
  end
end

fn tag<T>(v :: T) -> String where T: Label do
  v.label()
end

fn main() do
  println(tag(false))
end
