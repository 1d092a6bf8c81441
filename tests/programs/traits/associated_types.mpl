interface Source do
  type Out
  fn pull(self) -> Self.Out
  fn pull_twice(self) -> List<Self.Out> do
    [self.pull(), self.pull()]
  end
end

struct Dice do
  faces :: Int
end

struct Parrot do
  word :: String
end

impl Source for Dice do
  type Out = Int
  fn pull(self) -> Self.Out do
    self.faces
  end
end

impl Source for Parrot do
  type Out = String
  fn pull(self) -> String do
    self.word
  end
end

fn main() do
  let d = Dice { faces: 6 }
  let p = Parrot { word: "polly" }
  let n :: Int = d.pull() * 7
  let s :: String = p.pull() <> "!"
  println("#{n} #{s}")
  println("#{d.pull_twice()} #{p.pull_twice()}")
end
