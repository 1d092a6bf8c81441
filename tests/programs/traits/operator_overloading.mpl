struct Vec2 do
  x :: Int
  y :: Int
end deriving(Eq, Display)

impl Add for Vec2 do
  type Output = Vec2
  fn add(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x + other.x, y: self.y + other.y }
  end
end

impl Sub for Vec2 do
  type Output = Vec2
  fn sub(self, other :: Vec2) -> Vec2 do
    Vec2 { x: self.x - other.x, y: self.y - other.y }
  end
end

impl Mul for Vec2 do
  type Output = Int
  fn mul(self, other :: Vec2) -> Int do
    self.x * other.x + self.y * other.y
  end
end

impl Neg for Vec2 do
  type Output = Vec2
  fn neg(self) -> Vec2 do
    Vec2 { x: 0 - self.x, y: 0 - self.y }
  end
end

fn main() do
  let a = Vec2 { x: 1, y: 2 }
  let b = Vec2 { x: 10, y: 20 }
  let s = a + b
  println("#{s}")
  println("#{b - a}")
  let dot :: Int = a * b
  println("#{dot + 1}")
  println("#{-a}")
  println("#{a + b + a}")
  println("#{-(a - b) == b - a}")
end
