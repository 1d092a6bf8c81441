interface Area do
  fn area(self) -> Int
end

struct Sq do
  s :: Int
end

struct Rect do
  w :: Int
  h :: Int
end

impl Area for Sq do
  fn area(self) -> Int do
    self.s * self.s
  end
end

impl Area for Rect do
  fn area(self) -> Int do
    self.w * self.h
  end
end

fn total<T>(xs :: List<T>) -> Int where T: Area do
  List.reduce(xs, 0, fn(acc, x) -> acc + x.area() end)
end

fn bigger<T>(a :: T, b :: T) -> T where T: Area do
  if a.area() >= b.area() do
    a
  else
    b
  end
end

fn main() do
  println("#{total([Sq { s: 2 }, Sq { s: 3 }])}")
  println("#{total([Rect { w: 2, h: 5 }])}")
  println("#{bigger(Sq { s: 4 }, Sq { s: 1 }).s}")
end
