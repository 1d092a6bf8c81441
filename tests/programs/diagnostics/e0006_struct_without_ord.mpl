struct P do
  x :: Int
end deriving(Eq)

fn main() do
  let a = P { x: 1 }
  let b = P { x: 2 }
  println("#{a < b}")
end
