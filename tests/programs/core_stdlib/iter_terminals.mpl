fn main() do
  let xs = [1, 2, 3, 4]
  let e :: List<Int> = []
  println("#{Iter.count(Iter.from(xs))} #{Iter.count(Iter.from(e))} #{Iter.sum(Iter.from(xs))} #{Iter.sum(Iter.from(e))}")
  println("#{Iter.sum(Iter.from([9223372036854775807, 1]))}")
  println("#{Iter.any(Iter.from(xs), fn x -> x > 3 end)} #{Iter.any(Iter.from(xs), fn x -> x > 4 end)} #{Iter.any(Iter.from(e), fn x -> true end)}")
  println("#{Iter.all(Iter.from(xs), fn x -> x > 0 end)} #{Iter.all(Iter.from(xs), fn x -> x > 1 end)} #{Iter.all(Iter.from(e), fn x -> false end)}")
  println("#{Iter.find(Iter.from(xs), fn x -> x % 2 == 0 end)} #{Iter.find(Iter.from(xs), fn x -> x > 9 end)}")
  println("#{Iter.reduce(Iter.from(xs), 0, fn(acc, x) -> acc * 10 + x end)} #{Iter.reduce(Iter.from(e), 5, fn(acc, x) -> acc + x end)}")
  println("#{Iter.reduce(Iter.from(xs), "", fn(acc, x) -> acc <> "#{x}." end)}")
  println("#{List.collect(Iter.from(["q"]))}")
end
