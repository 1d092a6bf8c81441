# A busy actor (500-step tail-recursive countdown) and a waiting actor both
# complete. "slow done" is printed by main once the busy actor reports back;
# the fast actor is only released afterwards, so the order is fixed.
fn countdown(n :: Int) -> Int do
  if n == 0 do
    0
  else
    countdown(n - 1)
  end
end

actor busy(parent :: Pid) do
  let left = countdown(500)
  send(parent, "busy finished #{left}")
end

actor fast() do
  receive do
    msg -> println("fast done")
  end
end

fn main() do
  let f = spawn(fast)
  spawn(busy, self())
  receive do
    "busy finished 0" -> println("slow done")
  end
  send(f, "go")
end
