interface Source do
  type Out
  fn pull(self) -> Self.Out
end

impl Source for Bool do
  type Out = Int
  fn pull(self) -> String do
    "x"
  end
end

fn main() do
  println("x")
end
