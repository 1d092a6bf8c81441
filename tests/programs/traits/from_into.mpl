struct Meters do
  value :: Int
end deriving(Display)

impl From<Int> for Meters do
  fn from(n :: Int) -> Meters do
    Meters { value: n }
  end
end

fn total(m :: Meters) -> Int do
  m.value * 2
end

fn main() do
  let a = Meters.from(3)
  let b :: Meters = 5.into()
  println("#{a} #{b}")
  println("#{total(7.into())}")
  let f :: Float = 4.into()
  let s :: String = 12.into()
  println("#{f} #{s <> "!"}")
  println("#{Float.from(42)} #{String.from(42)} #{String.from(3.14)} #{String.from(true)}")
end
