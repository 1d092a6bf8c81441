fn total(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    total(n - 1, acc + n)
  end
end

fn main() do
  println("#{total(1000000, 0)}")
end
