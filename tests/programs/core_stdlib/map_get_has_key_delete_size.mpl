fn main() do
  let m = %{"x" => 1, "y" => 2, "z" => 3}
  println("#{Map.get(m, "y")} #{Map.has_key(m, "y")} #{Map.has_key(m, "w")} #{Map.size(m)}")
  let d = Map.delete(m, "x")
  let same = Map.delete(m, "nope")
  println("#{d} #{Map.size(d)} #{same} #{m}")
  let mid = Map.delete(m, "y")
  println("#{mid} #{Map.has_key(mid, "y")} #{Map.delete(Map.delete(mid, "x"), "z")}")
  let k = "x" <> "y"
  let m2 = Map.put(m, k, 9)
  println("#{Map.get(m2, "xy")} #{Map.has_key(m2, "x" <> "y")}")
end
