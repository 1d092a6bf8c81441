actor ticker(n :: Int, parent :: Pid) do
  Timer.sleep(10)
  send(parent, n)
  if n < 3 do
    ticker(n + 1, parent)
  else
    self()
  end
end

fn next_tick() -> Int do
  receive do
    n -> n
  end
end

fn main() do
  spawn(ticker, 1, self())
  println("tick #{next_tick()}")
  println("tick #{next_tick()}")
  println("tick #{next_tick()}")
end
