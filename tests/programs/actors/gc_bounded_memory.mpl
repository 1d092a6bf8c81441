actor consumer() do
  receive do
    n -> n
  end
end

fn flood(pid :: Pid<Int>, left :: Int) -> Int do
  if left == 0 do
    0
  else
    send(pid, left)
    flood(pid, left - 1)
  end
end

fn main() do
  let pid = spawn(consumer)
  flood(pid, 50)
  println("gc bounded memory test done")
end
