fn loop_let(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    return acc
  end
  let next = n - 1
  let total = acc + 1
  loop_let(next, total)
end

fn loop_ret(n :: Int) -> Int do
  if n == 0 do
    return 42
  end
  return loop_ret(n - 1)
end

fn main() do
  println("#{loop_let(1000000, 0)} #{loop_ret(1000000)}")
end
