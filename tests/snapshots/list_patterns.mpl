# List patterns: `[]`, `h :: t` and fixed-length lists.
fn sum(xs :: List<Int>) -> Int do
  case xs do
    [] -> 0
    h :: t -> h + sum(t)
  end
end

fn first_two(xs :: List<Int>) -> String do
  case xs do
    [a, b] -> "#{a} and #{b}"
    a :: _ -> "starts with #{a}"
    [] -> "empty"
  end
end

fn main() do
  println("#{sum([1, 2, 3])}")
  println(first_two([1, 2]))
end
