fn count_up(n :: Int, limit :: Int) -> Int do
  if n == limit do
    n
  else
    count_up(n + 1, limit)
  end
end

actor counter(limit :: Int) do
  let total = count_up(0, limit)
  println("#{total}")
end

fn main() do
  spawn(counter, 1000000)
end
