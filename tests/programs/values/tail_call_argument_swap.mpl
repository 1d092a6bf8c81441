fn swap_loop(a :: String, b :: String, n :: Int) -> String do
  if n == 0 do
    a <> "-" <> b
  else
    swap_loop(b, a, n - 1)
  end
end

fn fib_iter(n :: Int, a :: Int, b :: Int) -> Int do
  if n == 0 do
    a
  else
    fib_iter(n - 1, b, a + b)
  end
end

fn main() do
  println(swap_loop("x", "y", 1000001))
  println("#{fib_iter(90, 0, 1)}")
end
