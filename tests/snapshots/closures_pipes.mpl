# Closures capturing variables, pipes and slot pipes.
fn scale(factor :: Int, value :: Int) -> Int do
  factor * value
end

fn main() do
  let offset = 10
  let add_offset = fn x -> x + offset end
  let xs = [1, 2, 3]
    |> List.map(add_offset)
    |> List.filter(fn x -> x > 11 end)
  println("#{xs}")
  println("#{7 |2> scale(3)}")
end
