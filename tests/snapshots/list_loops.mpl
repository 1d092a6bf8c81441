# `h :: t` tail recursion becomes a `for` loop over the list when the recursion walks it
# front to back (mesh/compiler/codegen/list_loops.py); a tail call that keeps the list
# does not, so `skip_first` stays a `while` loop over O(1) tail views.

fn sum(xs :: List<Int>, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> sum(t, acc + h)
  end
end

fn skip_first(xs :: List<Int>, k :: Int, acc :: Int) -> Int do
  case xs do
    [] -> acc
    h :: t -> if k > 0 do
      skip_first(t, k - 1, acc)
    else
      skip_first(xs, k, acc + h)
    end
  end
end

fn main() do
  println("#{sum([1, 2, 3], 0)}")
end
