fn double(x :: Int) -> Int do
  x * 2
end

fn main() do
  let a = 5 |2> double()
  println("#{a}")
end
