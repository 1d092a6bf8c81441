interface Label do
  fn label(self) -> String
end

impl Label for Int do
  fn label(self) -> String do
    "int"
  end
end

fn both<T, U>(a :: T, b :: U) -> String where T: Label, U: Label do
  a.label() <> b.label()
end

fn main() do
  println(both(1, 2.5))
end
