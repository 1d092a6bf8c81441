fn main() do
  let m = Map.from_list([("a", 1), ("b", 2), ("a", 3)])
  println("#{m}")
  let e :: List<(String, Int)> = []
  println("#{Map.from_list(e)}")
  let c = Map.collect(Iter.from([("k", 1), ("j", 2), ("k", 5)]))
  println("#{c}")
  let idx = Iter.from(["p", "q"]) |> Iter.enumerate() |> Map.collect()
  println("#{idx} #{Map.get(idx, 1)}")
  let round = Map.from_list(Map.to_list(%{1 => true, 2 => false}))
  println("#{round}")
end
