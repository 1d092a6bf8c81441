fn scale(factor :: Int, value :: Int) -> Int do
  factor * value
end

fn main() do
  let a = 7 |2> scale(3)
  let b = 7
    |2> scale(10)
    |> scale(2)
  println("#{a} #{b}")
end
