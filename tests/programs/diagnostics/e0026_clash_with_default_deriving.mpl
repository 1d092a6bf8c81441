type Light do
  Red
  Green
end

impl Debug for Light do
  fn inspect(self) -> String do
    "light"
  end
end

fn main() do
  println(Red.inspect())
end
