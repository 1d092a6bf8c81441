fn scale(factor :: Int, value :: Int) -> Int = factor * value
fn three(a :: String, b :: String, c :: String) -> String = a <> b <> c

fn main() do
  println(", " |2> String.join(["a", "b"]))
  println("X" |2> three("a", "c"))
  println("X" |3> three("a", "b"))
  println("#{4 |2> scale(10) |> scale(2)}")
end
