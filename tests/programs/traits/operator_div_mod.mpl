struct Frac do
  n :: Int
end deriving(Display)

impl Div for Frac do
  type Output = Frac
  fn div(self, other :: Frac) -> Frac do
    Frac { n: self.n * 100 / other.n }
  end
end

impl Mod for Frac do
  type Output = Int
  fn mod(self, other :: Frac) -> Int do
    self.n % other.n
  end
end

fn main() do
  let a = Frac { n: 7 }
  let b = Frac { n: 2 }
  println("#{a / b} #{a % b}")
end
