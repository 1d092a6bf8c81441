fn main() do
  let m = %{"a" => [1, 2]}
  println("#{Map.get(m, "a")}")
  let missing = Map.get(m, "b")
  println("unreachable #{missing}")
end
