# Tail recursion over `h :: t` in the shapes the compiler turns into a `for` loop over the
# list, and in the shapes it must leave alone (mesh/compiler/codegen/list_loops.py): the
# results are the same either way.

fn sum(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> sum(t, acc + h)
  end
end

fn sum_small(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    h :: t -> if h > 3 do
      sum_small(t, acc)
    else
      sum_small(t, acc + h)
    end
    [] -> acc
  end
end

fn index_of_zero(xs :: List<Int>, i :: Int) -> Int do
  case xs do
    [] -> -1
    h :: t -> if h == 0 do
      i
    else
      index_of_zero(t, i + 1)
    end
  end
end

fn reverse(xs :: List<Int>, acc :: List<Int>) -> List<Int> do
  case xs do
    [] -> acc
    h :: t -> reverse(t, [h] ++ acc)
  end
end

fn thunks(xs :: List<Int>, acc :: List<Fun() -> Int>) -> List<Fun() -> Int> do
  case xs do
    [] -> acc
    h :: t -> thunks(t, acc ++ [fn() -> h * 10 end])
  end
end

fn rest_after_zero(xs :: List<Int>) -> List<Int> do
  case xs do
    [] -> xs
    h :: t -> if h == 0 do
      xs
    else
      rest_after_zero(t)
    end
  end
end

fn count_and_left(xs :: List<Int>, n :: Int) -> String do
  case xs do
    [] -> "#{n} #{xs}"
    h :: t -> count_and_left(t, n + h * 0 + 1)
  end
end

fn sum_big_first(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t when h > 2 -> sum_big_first(t, acc + h * 100)
    h :: t -> sum_big_first(t, acc + h)
  end
end

fn every_other(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> every_other(List.drop(t, 1), acc + h)
  end
end

fn stay_then_step(xs :: List<Int>, k :: Int, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> if k > 0 do
      stay_then_step(xs, k - 1, acc + 1000)
    else
      stay_then_step(t, k, acc + h)
    end
  end
end

fn main() do
  let xs = [5, 1, 4, 0, 2, 3]
  println("#{sum(xs, 0)} #{sum_small(xs, 0)} #{index_of_zero(xs, 0)} #{index_of_zero([1, 2], 0)}")
  println("#{reverse(xs, [])} #{List.map(thunks(xs, []), fn f -> f() end)}")
  println("#{rest_after_zero(xs)} #{rest_after_zero([1, 2])} #{count_and_left(xs, 0)}")
  println("#{sum_big_first(xs, 0)} #{every_other(xs, 0)} #{stay_then_step(xs, 2, 0)}")
  let long = Range.to_list(0..50)
  println("#{sum(long, 0)} #{index_of_zero(List.drop(long, 1), 0)} #{reverse(List.drop(long, 40), [])}")
  println("#{rest_after_zero(List.drop(long, 30))} #{every_other(long, 0)}")
end
