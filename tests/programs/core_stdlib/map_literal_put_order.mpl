fn main() do
  let m = %{"a" => 1, "b" => 2, "a" => 3}
  println("#{m} #{Map.size(m)}")
  let e = Map.new()
  let e1 = Map.put(e, "z", 26)
  println("#{e} #{e1} #{Map.size(e)}")
  let m2 = Map.put(m, "c", 4)
  let m3 = Map.put(m2, "a", 10)
  println("#{m} #{m2} #{m3}")
  let n = Map.put(Map.put(Map.put(Map.new(), 3, "c"), 1, "a"), 3, "C")
  println("#{n}")
end
