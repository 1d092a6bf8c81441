fn sub(a :: Int, b :: Int) -> Int do
  a - b
end

fn main() do
  let x = 10 |> sub(3)
  let y = 3 |2> sub(10)
  let z = [1, 2, 3] |> List.map(fn v -> v * 2 end) |> List.reverse()
  println("#{x} #{y} #{z}")
end
