interface Label do
  fn label(self) -> String
end

impl Label for Int do
  fn label(self) -> String do
    "int:#{self}"
  end
end

impl Label for String do
  fn label(self) -> String do
    "str:" <> self
  end
end

fn tag<T>(v :: T) -> String where T: Label do
  "<" <> v.label() <> ">"
end

fn both<T, U>(a :: T, b :: U) -> String where T: Label, U: Label do
  a.label() <> "+" <> b.label()
end

fn main() do
  println(tag(3))
  println(tag("x"))
  println(both(1, "two"))
  println(both("a", "b"))
  let f = tag
  println(f(9))
  println("#{List.map([1, 2], tag)}")
end
