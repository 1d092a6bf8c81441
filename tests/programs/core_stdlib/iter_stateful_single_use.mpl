fn main() do
  let it = Iter.from([1, 2, 3])
  println("#{Iter.count(it)} #{Iter.count(it)}")
  let it2 = Iter.from([1, 2, 3, 4, 5])
  println("#{Iter.find(it2, fn x -> x == 2 end)}")
  println("#{List.collect(it2)} #{List.collect(it2)} #{Iter.sum(it2)}")
  let it3 = Iter.from([10, 20, 30])
  let firsts = Iter.take(it3, 1)
  println("#{List.collect(firsts)} #{List.collect(it3)}")
  let it4 = Iter.from([1, 2, 3, 4])
  println("#{Iter.any(it4, fn x -> x == 2 end)} #{Iter.sum(it4)}")
end
