struct P do
  x :: Int
end deriving(Display)

fn main() do
  let a = P { x: 1 }
  let b = P { x: 1 }
  println("#{a == b}")
end
