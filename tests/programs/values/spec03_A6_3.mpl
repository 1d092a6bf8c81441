fn main() do
  let names = ["ada", "bo"]
  let ages = %{"ada" => 36, "bo" => 41}
  let nested = [[1, 2], [3]]
  let s = Set.add(Set.add(Set.new(), 3), 1)
  println("#{names} #{ages} #{nested} #{s}")
end
