fn main() do
  let ints = %{"a" => 1}
  let floats = %{"a" => 1.5}
  let bools = %{"a" => true}
  let strs = %{"a" => "A"}
  println("#{Map.get(ints, "b")} #{Map.get(floats, "b")} #{Map.get(bools, "b")} [#{Map.get(strs, "b")}]")
  println("#{Map.get(ints, "a")} #{Map.get(floats, "a")} #{Map.get(bools, "a")} [#{Map.get(strs, "a")}]")
  let by_int = %{1 => 10}
  println("#{Map.get(by_int, 2) + 5}")
end
