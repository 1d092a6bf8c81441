type Light do
  Red
  Green
end

impl From<Int> for Light do
  fn from(n :: Int) -> Light do
    Red
  end
end

impl From<Int> for Light do
  fn from(n :: Int) -> Light do
    Green
  end
end

fn main() do
  println("#{Light.from(1)}")
end
