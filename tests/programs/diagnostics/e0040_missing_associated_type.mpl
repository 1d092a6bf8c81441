interface Source do
  type Out
  fn pull(self) -> Self.Out
end

impl Source for Int do
  fn pull(self) -> Int do
    self
  end
end

fn main() do
  println("#{5.pull()}")
end
