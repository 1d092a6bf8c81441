interface Counter do
  fn next(self) -> Option<Int>
end

impl Counter for Int do
  fn next(self) -> Option<String> do
    Some("x")
  end
end

fn main() do
  println("x")
end
