fn safe_div(a :: Int, b :: Int) -> Int do
  let q = if b == 0 do return -1 else a / b end
  q * 10
end

fn main() do
  println("#{safe_div(9, 3)} #{safe_div(1, 0)}")
end
