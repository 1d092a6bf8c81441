struct Meters do
  value :: Int
end

impl From<Int> for Meters do
  fn from(n :: Int) -> Meters do
    Meters { value: n }
  end
end

fn main() do
  let x = 5.into()
  println("#{x}")
end
