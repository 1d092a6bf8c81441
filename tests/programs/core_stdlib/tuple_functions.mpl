fn main() do
  let t = (1, "abc", true)
  println("#{Tuple.first(t) + 1} #{String.length(Tuple.second(t))} #{Tuple.size(t)}")
  println("#{Tuple.nth(t, 0)} #{Tuple.nth(t, 1)} #{Tuple.nth(t, 2)}")
  let p = (2.5, [1, 2])
  println("#{Tuple.first(p) * 2.0} #{List.length(Tuple.second(p))} #{Tuple.size(p)}")
  let same = (10, 20, 30)
  let i = 1
  println("#{Tuple.nth(same, i)} #{Tuple.nth(same, i + 1) + 1}")
  println("#{Tuple.size((1, 2))} #{Tuple.size(((1, 2), 3, 4, 5))} #{Tuple.first(((1, 2), 3))}")
end
