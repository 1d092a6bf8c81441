fn double(x :: Int) -> Int = x * 2

fn is_odd(x :: Int) -> Bool = x % 2 == 1

fn main() do
  let xs = [1, 2, 3, 4]
  println("#{List.map(xs, double)} #{map(xs, fn x -> x + 1 end)} #{List.map(xs, fn x -> "n#{x}" end)}")
  println("#{List.filter(xs, is_odd)} #{filter(xs, fn x -> x > 2 end)} #{List.filter(xs, fn x -> x > 9 end)}")
  println("#{List.reduce(xs, 0, fn(acc, x) -> acc * 10 + x end)} #{reduce(xs, 100, fn(acc, x) -> acc - x end)}")
  println("[#{reduce(xs, "", fn(acc, x) -> acc <> "#{x}" end)}] #{List.reduce([], 42, fn(acc, x) -> acc + x end)}")
  let e :: List<Int> = []
  println("#{List.map(e, double)} #{filter(e, is_odd)} #{reduce(e, 7, fn(a, b) -> a + b end)}")
end
