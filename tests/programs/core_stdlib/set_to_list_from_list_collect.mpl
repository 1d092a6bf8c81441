fn main() do
  let s = Set.from_list([3, 1, 3, 2, 1])
  println("#{s} #{Set.to_list(s)} #{Set.size(s)}")
  let e :: List<String> = []
  println("#{Set.from_list(e)} #{Set.to_list(Set.from_list(e))}")
  let c = Set.collect(Iter.from(["x", "y", "x", "z"]))
  println("#{c}")
  let sq = Iter.from([-2, -1, 0, 1, 2]) |> Iter.map(fn x -> x * x end) |> Set.collect()
  println("#{sq}")
  for x in s do
    println("el #{x}")
  end
  let t = Set.from_list([(1, "a"), (1, "a"), (2, "b")])
  println("#{t} #{Set.contains(t, (2, "b"))}")
end
