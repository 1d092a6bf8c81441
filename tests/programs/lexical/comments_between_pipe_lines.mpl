fn double(x :: Int) -> Int do
  x * 2
end

fn main() do
  let v = 3
    # a comment line between pipe stages
    |> double()
    #= a block comment =#

    |> double()
  println("#{v}")
  let w = 5 |>
    # comment after a trailing pipe
    double()
  println("#{w}")
end
