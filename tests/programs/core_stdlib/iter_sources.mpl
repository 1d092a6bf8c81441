fn main() do
  println("#{List.collect(Iter.from([3, 1, 2]))}")
  let m = %{"b" => 2, "a" => 1}
  println("#{List.collect(Iter.from(m))}")
  let s = Set.from_list([5, 4, 5, 6])
  println("#{List.collect(Iter.from(s))}")
  println("#{List.collect(Iter.from(2..5))} #{List.collect(Iter.from(5..2))}")
  let e :: List<Int> = []
  println("#{List.collect(Iter.from(e))} #{Iter.count(Iter.from(Range.new(0, 100)))}")
end
