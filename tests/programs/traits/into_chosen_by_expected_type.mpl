struct Meters do
  value :: Int
end deriving(Display)

struct Feet do
  value :: Int
end deriving(Display)

impl From<Int> for Meters do
  fn from(n :: Int) -> Meters do
    Meters { value: n }
  end
end

impl From<Int> for Feet do
  fn from(n :: Int) -> Feet do
    Feet { value: n * 3 }
  end
end

fn main() do
  let m :: Meters = 2.into()
  let f :: Feet = 2.into()
  println("#{m} #{f}")
end
