fn main() do
  let m1 = %{"a" => 1, "b" => 2}
  let m2 = %{"b" => 2, "a" => 1}
  let m3 = %{"a" => 1, "b" => 3}
  println("#{m1 == m2} #{m1 == m3} #{m1 != m3}")
  let s1 = Set.add(Set.add(Set.new(), 1), 2)
  let s2 = Set.add(Set.add(Set.new(), 2), 1)
  let s3 = Set.add(Set.new(), 1)
  println("#{s1 == s2} #{s1 == s3}")
end
