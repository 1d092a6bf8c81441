fn main() do
  let xs = [1, 2, 3, 4]
  println("#{List.take(xs, 2)} #{List.take(xs, 0)} #{List.take(xs, -1)} #{List.take(xs, 4)} #{List.take(xs, 10)}")
  println("#{List.drop(xs, 2)} #{List.drop(xs, 0)} #{List.drop(xs, -3)} #{List.drop(xs, 4)} #{List.drop(xs, 10)}")
  let e :: List<String> = []
  println("#{List.take(e, 3)} #{List.drop(e, 3)} #{xs}")
end
