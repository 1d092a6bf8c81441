interface Source do
  type Out
  fn pull(self) -> Self.Out
end

struct Dice do
  faces :: Int
end

impl Source for Dice do
  type Out = Int
  fn pull(self) -> Int do
    self.faces
  end
end

fn main() do
  let d = Dice { faces: 6 }
  let n = d.pull() + 1
  println("#{n}")
end
