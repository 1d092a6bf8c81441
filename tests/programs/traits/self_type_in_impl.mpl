struct Counter do
  n :: Int
end deriving(Display)

interface Step do
  fn step(self) -> Self
end

impl Step for Counter do
  fn step(self) -> Self do
    Counter { n: self.n + 1 }
  end

  fn twice(self) -> Self do
    self.step().step()
  end
end

fn main() do
  let c = Counter { n: 0 }
  println("#{c.step()} #{c.twice()}")
end
