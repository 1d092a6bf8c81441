interface Pretty do
  fn to_string(self) -> String
end

struct Money do
  cents :: Int
end deriving()

impl Display for Money do
  fn to_string(self) -> String do
    "#{self.cents}c"
  end
end

impl Pretty for Money do
  fn to_string(self) -> String do
    "pretty #{self.cents}"
  end
end

fn main() do
  let m = Money { cents: 150 }
  println(Display.to_string(m))
  println(Pretty.to_string(m))
  println("#{m}")
end
