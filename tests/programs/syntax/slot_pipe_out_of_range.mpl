fn scale(factor :: Int, value :: Int) -> Int = factor * value

fn main() do
  let a = 7 |3> scale(1)
  println("#{a}")
end
