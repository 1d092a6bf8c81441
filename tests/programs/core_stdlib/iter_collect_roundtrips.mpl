fn main() do
  let m = %{"b" => 2, "a" => 1, "c" => 3}
  println("#{Map.collect(Iter.from(m))} #{Iter.from(m) |> Iter.filter(fn ((k, v)) -> v > 1 end) |> Map.collect()}")
  println("#{Set.collect(Iter.from(Set.from_list([2, 1])))} #{[1..3, 4..4]} #{[Queue.push(Queue.new(), 1)]}")
  println("#{Iter.from(1..4) |> Iter.zip(Iter.from(["a", "b"])) |> List.collect()}")
  let keys = Iter.from(m) |> Iter.map(fn ((k, v)) -> k end) |> String.collect()
  println(keys)
end
