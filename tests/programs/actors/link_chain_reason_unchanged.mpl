# bomb - middle - last: the crash reason travels unchanged along the links.
actor last_one() do
  receive do
    n -> println("last got #{n + 0}")
  end
end

actor middle(last :: Pid, parent :: Pid) do
  link(last)
  send(parent, "linked")
  receive do
    n -> println("middle got #{n + 0}")
  end
end

actor bomb(target :: Pid) do
  link(target)
  receive do
    n -> println("bomb computed #{100 / n}")
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let c = spawn(last_one)
  let b = spawn(middle, c, self())
  receive do
    "linked" -> println("chain linked")
  end
  let rb = Process.monitor(b)
  let rc = Process.monitor(c)
  let x = spawn(bomb, b)
  send(x, 0)
  wait_down(rb, "middle")
  wait_down(rc, "last")
end
