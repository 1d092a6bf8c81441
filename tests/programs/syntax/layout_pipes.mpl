fn add(a :: Int, b :: Int) -> Int do
  a + b
end

fn main() do
  let total = [3, 1, 2]
    |> List.sort(fn a, b -> a - b end)
    |> List.length()
  let label = total |>
    String.from()
  println(
    "total=#{label}"
  )
  let x = 1 |> add(2) |> add(3)
  println("#{x}")
  let y = 10 |>
    add(1) |>
    add(2)
  println("#{y}")
end
