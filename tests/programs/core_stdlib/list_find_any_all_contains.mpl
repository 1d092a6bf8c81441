fn main() do
  let xs = [5, 3, 8, 1, 9]
  println("#{List.find(xs, fn x -> x > 6 end)} #{List.find(xs, fn x -> x > 60 end)}")
  println("#{List.any(xs, fn x -> x == 1 end)} #{List.any(xs, fn x -> x == 2 end)} #{List.all(xs, fn x -> x > 0 end)} #{List.all(xs, fn x -> x > 1 end)}")
  let e :: List<Int> = []
  println("#{List.any(e, fn x -> true end)} #{List.all(e, fn x -> false end)} #{List.find(e, fn x -> true end)} #{List.contains(e, 1)}")
  let ab = "a" <> "b"
  println("#{List.contains(["ab", "c"], ab)} #{List.contains(["abc"], ab)} #{List.contains(xs, 8)} #{List.contains(xs, 4)}")
  println("#{List.contains([[1], [2, 3]], [2, 3])} #{List.contains([[1], [2, 3]], [3, 2])} #{List.contains([Some(1), None], None)}")
  case List.find(["x", "yy", "zz"], fn s -> String.length(s) == 2 end) do
    Some(s) -> println("found #{s}")
    None -> println("none")
  end
end
