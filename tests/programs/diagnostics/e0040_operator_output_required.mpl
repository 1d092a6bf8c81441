type Money do
  Cents(Int)
end

impl Add for Money do
  fn add(self, other :: Money) -> Money do
    self
  end
end

fn main() do
  println("x")
end
