fn main() do
  println(String.collect(Iter.from(["a", "b", "c"])))
  let none :: List<String> = []
  println("[#{String.collect(Iter.from(none))}]")
  let csv = Iter.from([1, 2, 3]) |> Iter.map(fn x -> "#{x}," end) |> String.collect()
  println(csv)
  println(String.collect(Iter.from(["ü", "", "ß"])))
end
