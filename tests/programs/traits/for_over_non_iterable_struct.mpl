# A struct without an `Iterable`/`Iterator` impl cannot drive `for` (E0006).
struct Point do
  x :: Int
end

fn main() do
  for v in Point { x: 1 } do
    println("#{v}")
  end
end
