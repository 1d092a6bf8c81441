fn sum_to(n :: Int) -> Int do
  if n == 0 do
    0
  else
    n + sum_to(n - 1)
  end
end

fn main() do
  println("#{sum_to(100000)}")
end
