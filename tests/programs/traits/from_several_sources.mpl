struct Amount do
  text :: String
end deriving(Display)

impl From<Int> for Amount do
  fn from(n :: Int) -> Amount do
    Amount { text: "int #{n}" }
  end
end

impl From<Float> for Amount do
  fn from(x :: Float) -> Amount do
    Amount { text: "float #{x}" }
  end
end

impl From<Bool> for Amount do
  fn from(b :: Bool) -> Amount do
    Amount { text: "bool #{b}" }
  end
end

fn main() do
  println("#{Amount.from(1)}")
  println("#{Amount.from(2.5)}")
  println("#{Amount.from(false)}")
  let a :: Amount = 3.into()
  let b :: Amount = 0.5.into()
  println("#{a} #{b}")
end
