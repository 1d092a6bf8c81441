fn main() do
  let m = Map.put(Map.put(Map.new(), (1, 2), "a"), (2, 1), "b")
  println("#{Map.get(m, (1, 2))} #{Map.has_key(m, (2, 1))} #{Map.has_key(m, (3, 3))} #{m}")
  let lk = Map.put(Map.new(), [1, 2], 5)
  println("#{Map.get(lk, [1, 2])} #{Map.has_key(lk, [2, 1])}")
  let bk = %{true => "yes", false => "no"}
  println("#{Map.get(bk, false)}")
  let inv = %{"pens" => 3, "ink" => 0, "clips" => 7}
  for {item, count} in inv do
    println("#{item}: #{count}")
  end
  let pairs = List.collect(Iter.from(inv))
  println("#{pairs}")
end
