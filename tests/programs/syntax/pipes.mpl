fn double(x :: Int) -> Int = x * 2
fn add(a :: Int, b :: Int) -> Int = a + b

fn main() do
  println("#{3 |> double()}")
  println("#{3 |> double}")
  println("#{3 |> add(4)}")
  println("#{"a,b" |> String.split(",")}")
  println("#{"abc" |> String.length}")
  println("#{5 |> fn x -> x + 1 end}")
  println("#{5 |> (fn x -> x * 3 end)}")
  println("#{[1, 2] |> List.map(fn x -> x + 1 end) |> List.length()}")
  println("#{1 + 2 |> double()}")
end
