fn main() do
  let xs = [5, 3, 8, 1, 3]
  println("#{List.sort(xs, fn(a, b) -> a - b end)} #{List.sort(xs, fn(a, b) -> b - a end)} #{xs}")
  let words = ["ccc", "a", "bb", "d", "ee", "f"]
  println("#{List.sort(words, fn(a, b) -> String.length(a) - String.length(b) end)}")
  println("#{List.sort(words, fn(a, b) -> 0 end)}")
  let e :: List<Int> = []
  println("#{List.sort(e, fn(a, b) -> a - b end)} #{List.sort([1], fn(a, b) -> a - b end)}")
  let pairs = [(2, "x"), (1, "y"), (2, "a"), (1, "b")]
  println("#{List.sort(pairs, fn(p, q) -> Tuple.first(p) - Tuple.first(q) end)}")
  let big = List.sort([3, 1, 2], fn(a, b) do
    if a < b do
      -100
    else if a > b do
      100
    else
      0
    end
  end)
  println("#{big}")
end
