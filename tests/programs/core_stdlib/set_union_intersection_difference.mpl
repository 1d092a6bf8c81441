fn main() do
  let a = Set.from_list([1, 2, 3, 4])
  let b = Set.from_list([6, 4, 5, 2])
  println("#{Set.union(a, b)} #{Set.union(b, a)}")
  println("#{Set.intersection(a, b)} #{Set.intersection(b, a)}")
  println("#{Set.difference(a, b)} #{Set.difference(b, a)}")
  let e :: Set<Int> = Set.new()
  println("#{Set.union(e, a)} #{Set.intersection(a, e)} #{Set.difference(a, e)} #{Set.difference(e, a)}")
end
