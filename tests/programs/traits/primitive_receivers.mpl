struct P do
  x :: Int
end deriving(Display)

fn main() do
  println(42.to_string())
  println(true.to_string())
  println(3.5.to_string())
  println([1, 2].to_string())
  let p = P { x: 12 }
  println("#{p.to_string().length()}")
  println("abc".length().to_string())
end
