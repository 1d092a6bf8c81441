type Pair<A, B> = (A, B)

fn mk(a :: Int) -> Pair<Int, String> do
  (a, "x")
end

fn main() do
  let p = mk(1)
  let (n, s) = p
  println("#{n + 1} #{s} #{p}")
end
