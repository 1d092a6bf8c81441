fn main() do
  let m = %{"b" => 1, "a" => 2}
  let m2 = Map.put(m, "b", 3)
  let m3 = Map.put(m2, "c", 4)
  let e :: Map<String, Int> = %{}
  let nested = %{"k" => [1, 2]}
  let ints = %{1 => "one", 2 => "two"}
  println("#{m3}")
  println("#{e} #{nested} #{ints}")
  let dup = %{"k" => 1, "j" => 2, "k" => 3}
  println("#{dup}")
end
