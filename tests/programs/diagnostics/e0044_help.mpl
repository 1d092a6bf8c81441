fn scale(factor :: Int, value :: Int) -> Int do
  factor * value
end

fn main() do
  let a = 7 |4> scale(1)
  println("#{a}")
end
