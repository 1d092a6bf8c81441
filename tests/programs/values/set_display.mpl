fn main() do
  let s = Set.add(Set.add(Set.add(Set.new(), "b"), "a"), "b")
  let e :: Set<Int> = Set.new()
  println("#{s} #{e} #{Set.size(s)}")
end
