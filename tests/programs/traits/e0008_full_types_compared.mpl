interface Counter do
  fn next(self) -> Option<Int>
end

struct Tick do
  n :: Int
end

impl Counter for Tick do
  fn next(self) -> Option<Int> do
    if self.n > 0 do
      Some(self.n)
    else
      None
    end
  end
end

fn main() do
  println("#{Tick { n: 3 }.next()} #{Tick { n: 0 }.next()}")
end
