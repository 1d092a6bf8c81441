fn f(n :: Int) -> Int do
  if n > 0 do
    return "positive"
  end
  n
end

fn main() do
  println("#{f(1)}")
end
