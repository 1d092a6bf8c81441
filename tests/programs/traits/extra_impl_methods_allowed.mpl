interface Named do
  fn name(self) -> String
end

struct Cat do
  age :: Int
end

impl Named for Cat do
  fn name(self) -> String do
    "cat"
  end

  fn years(self) -> Int do
    self.age
  end
end

fn main() do
  let c = Cat { age: 3 }
  println("#{c.name()} #{c.years()} #{years(c)} #{name(c)}")
end
