# `h :: t` recursion over long lists is linear: the tail shares the list's storage
# (issue 19; before, every tail was a copy and 200k elements took 15 s).

fn sum(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> sum(t, acc + h)
  end
end

fn sum_deep(xs :: List<Int>) -> Int do
  case xs do
    [] -> 0
    h :: t -> h + sum_deep(t)
  end
end

fn count_pairs(xs :: List<Int>, n :: Int) -> Int do
  case xs do
    [] -> n
    [_] -> n
    a :: b :: rest -> count_pairs(rest, n + a * 0 + b * 0 + 1)
  end
end

fn sum_by_tail(xs :: List<Int>, acc :: Int) -> Int do
  if List.length(xs) == 0 do
    acc
  else
    sum_by_tail(List.tail(xs), acc + List.head(xs))
  end
end

fn main() do
  let xs = Range.to_list(1..1000001)
  println("#{sum(xs, 0)}")
  println("#{sum_by_tail(xs, 0)}")
  println("#{count_pairs(xs, 0)}")
  println("#{sum_deep(Range.to_list(1..100001))}")
  case xs do
    [] -> println("empty")
    _ :: t -> do
      println("#{List.length(t)} #{List.head(t)} #{List.last(t)}")
      let last3 = List.drop(t, 999996)
      println("#{last3} #{last3 == [999998, 999999, 1000000]} #{Json.encode(last3)}")
      let t20 = List.drop(t, 999980)
      println("#{t20}")
      println("#{List.take(t, 3)} #{List.drop(t20, 17) == [999999, 1000000]}")
    end
  end
end
