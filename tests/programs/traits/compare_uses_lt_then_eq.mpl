struct Weird do
  n :: Int
end deriving()

impl Eq for Weird do
  fn eq(self, other :: Weird) -> Bool do
    false
  end
end

impl Ord for Weird do
  fn lt(self, other :: Weird) -> Bool do
    self.n < other.n
  end
end

fn main() do
  let x = Weird { n: 1 }
  let y = Weird { n: 2 }
  println("#{compare(x, y)} #{compare(y, x)} #{compare(x, x)}")
  println("#{x == x} #{x != x} #{x <= x} #{x >= x}")
end
