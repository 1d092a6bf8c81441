fn main() do
  let xs = [1, 2, 3, 4, 5]
  println("#{Iter.from(xs) |> Iter.map(fn x -> x * 10 end) |> List.collect()}")
  println("#{Iter.from(xs) |> Iter.filter(fn x -> x % 2 == 1 end) |> List.collect()}")
  println("#{Iter.from(xs) |> Iter.take(2) |> List.collect()} #{Iter.from(xs) |> Iter.take(0) |> List.collect()} #{Iter.from(xs) |> Iter.take(-1) |> List.collect()} #{Iter.from(xs) |> Iter.take(9) |> List.collect()}")
  println("#{Iter.from(xs) |> Iter.skip(2) |> List.collect()} #{Iter.from(xs) |> Iter.skip(0) |> List.collect()} #{Iter.from(xs) |> Iter.skip(-2) |> List.collect()} #{Iter.from(xs) |> Iter.skip(9) |> List.collect()}")
  println("#{Iter.from(["a", "b"]) |> Iter.enumerate() |> List.collect()}")
  println("#{Iter.zip(Iter.from(xs), Iter.from(["a", "b"])) |> List.collect()}")
  println("#{Iter.zip(Iter.from([true]), Iter.from(xs)) |> List.collect()}")
  let chain = Iter.from(xs) |> Iter.skip(1) |> Iter.map(fn x -> x * x end) |> Iter.filter(fn x -> x > 4 end) |> Iter.enumerate() |> Iter.take(2) |> List.collect()
  println("#{chain}")
  let names = Iter.map(Iter.from([1, 2]), fn n -> "n#{n}" end)
  println("#{List.collect(names)}")
end
