fn main() do
  let m = %{"b" => 2, "a" => 1, "c" => 3}
  println("#{Map.keys(m)} #{Map.values(m)} #{Map.to_list(m)}")
  let e :: Map<String, Int> = Map.new()
  println("#{Map.keys(e)} #{Map.values(e)} #{Map.to_list(e)}")
  let m2 = Map.put(m, "b", 20)
  println("#{Map.keys(m2)} #{Map.values(m2)}")
  let total = List.reduce(Map.to_list(m), 0, fn(acc, kv) -> acc + Tuple.second(kv) end)
  println("#{total}")
end
