struct Vec2 do
  x :: Int
end

fn main() do
  let a = Vec2 { x: 1 }
  let b = a + a
  println("#{b.x}")
end
