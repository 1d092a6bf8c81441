struct Cat do
  age :: Int
end

impl Purrs for Cat do
  fn purr(self) -> String do
    "purr x#{self.age}"
  end
end

fn main() do
  println(Cat { age: 2 }.purr())
end
