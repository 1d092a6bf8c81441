type Level do
  Low
  Mid(Int)
  High(Int, Int)
end deriving(Eq, Ord, Display)

struct Pt do
  x :: Int
  y :: Int
end deriving(Eq, Ord)

fn main() do
  println("#{Low < Mid(0)} #{Mid(5) < Mid(7)} #{Mid(100) < High(0, 0)} #{High(1, 2) < High(1, 3)} #{High(2, 0) > High(1, 9)}")
  let a = Pt { x: 1, y: 5 }
  let b = Pt { x: 2, y: 0 }
  let c = Pt { x: 1, y: 6 }
  let a2 = Pt { y: 5, x: 1 }
  println("#{a < b} #{a < c} #{c > a} #{a == a2} #{a >= c} #{a <= a2}")
  println("#{compare(Mid(1), Low)} #{compare(a, a2)}")
end
