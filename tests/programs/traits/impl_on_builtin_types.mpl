interface Label do
  fn label(self) -> String
  fn shout(self) -> String do
    self.label() <> "!"
  end
end

impl Label for Int do
  fn label(self) -> String do
    if self < 0 do
      "negative"
    else
      "int #{self}"
    end
  end
end

impl Label for String do
  fn label(self) -> String do
    "string of #{String.length(self)}"
  end
end

impl Label for Bool do
  fn label(self) -> String do
    if self do
      "yes"
    else
      "no"
    end
  end
end

impl Label for Float do
  fn label(self) -> String do
    "float #{self}"
  end
end

fn main() do
  println(5.label())
  println((0 - 3).label())
  println("hey".label())
  println(true.label())
  println(2.5.label())
  println(7.shout())
  let n = 40 + 2
  println(n.label())
end
