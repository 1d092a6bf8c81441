struct P do
  x :: Int
  y :: Int
end

fn main() do
  let x = 1
  let p = P { x:x, y: 2 }
  println("#{p.x}")
end
