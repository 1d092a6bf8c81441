fn main() do
  let a = %{"x" => 1, "y" => 2, "z" => 3}
  let b = %{"w" => 10, "y" => 20, "v" => 30}
  println("#{Map.merge(a, b)}")
  println("#{Map.merge(b, a)}")
  let e :: Map<String, Int> = Map.new()
  println("#{Map.merge(a, e)} #{Map.merge(e, a)} #{Map.merge(e, e)}")
  println("#{a} #{b}")
end
