fn main() do
  println("#{List.flat_map([1, 2, 3], fn x -> [x, x * 10] end)}")
  println("#{List.flat_map([1, 2, 3, 4], fn x -> if x % 2 == 0 do [x] else [] end end)}")
  println("#{List.flat_map(["ab", "c"], fn s -> String.split(s, "") end)}")
  println("#{List.flatten([[1, 2], [], [3]])} #{List.flatten([[[1]], [[2, 3]]])}")
  let e :: List<List<Int>> = []
  println("#{List.flatten(e)} #{List.flatten([e, e])}")
end
