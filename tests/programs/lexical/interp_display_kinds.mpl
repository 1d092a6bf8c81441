fn main() do
  let names = ["ada", "bo"]
  let ages = %{"ada" => 36, "bo" => 41}
  let nested = [[1, 2], [3]]
  let s = Set.add(Set.add(Set.new(), 3), 1)
  println("#{names} #{ages} #{nested} #{s}")
  println("#{true} #{false} #{()}")
  println("#{Some(42)} #{Ok("fine")} #{Err("boom")}")
  println("#{(1, "a", true)} #{[Some(1), None]}")
  println("#{Less} #{Equal} #{Greater}")
  let e :: Map<String, Int> = %{}
  let es :: Set<Int> = Set.new()
  let el :: List<Int> = []
  println("#{e} #{es} #{el}")
  println("#{1..4} #{Range.new(1, 4)}")
end
