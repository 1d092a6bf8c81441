fn main() do
  let xs = [7, 8, 9]
  println("#{List.head(xs)} #{head(xs)} #{List.tail(xs)} #{tail(xs)} #{List.tail([1])}")
  println("#{List.last(xs)} #{List.last([4])} #{List.get(xs, 0)} #{List.get(xs, 2)} #{List.nth(xs, 1)}")
  let words = ["ab", "cd"]
  println("#{String.length(List.head(words))} #{List.last(words)} #{List.nth(words, 0)}")
end
