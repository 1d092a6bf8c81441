fn scale(factor :: Int, value :: Int) -> Int = factor * value

fn main() do
  let a = 7 |0> scale(3)
  println("#{a}")
end
