struct Point do
  x :: Int
  y :: Int
end

fn main() do
  let p = Point { x: 1, y: 2 }
  let q = %{p | z: 5}
  println("#{q}")
end
