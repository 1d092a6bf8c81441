type Shape do
  Dot
end

fn main() do
  let s = -Dot
  println("x")
end
