fn main() do
  println("#{List.zip([1, 2, 3], ["a", "b"])} #{List.zip([1], [true, false])}")
  let e :: List<Int> = []
  println("#{List.zip(e, ["a"])} #{List.zip(["a"], e)}")
  println("#{List.enumerate(["x", "y", "z"])} #{List.enumerate(e)}")
  let (i, v) = List.last(List.enumerate([10, 20, 30]))
  println("#{i} #{v}")
end
