struct Point do
  x :: Int
end

fn main() do
  let n :: Int = Point { x: 1 }
  println("#{n}")
end
