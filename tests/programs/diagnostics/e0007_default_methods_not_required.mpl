interface Pair do
  fn first(self) -> Int
  fn second(self) -> Int
  fn sum(self) -> Int do
    self.first() + self.second()
  end
end

type Light do
  Red
  Green
end

impl Pair for Light do
  fn first(self) -> Int do
    1
  end
end

fn main() do
  println("#{Red.sum()}")
end
