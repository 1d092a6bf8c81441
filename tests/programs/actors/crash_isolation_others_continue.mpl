actor crasher() do
  receive do
    n -> println("crasher computed #{100 / n}")
  end
end

actor survivor(parent :: Pid) do
  receive do
    n -> send(parent, n * 2)
  end
  survivor(parent)
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let c = spawn(crasher)
  let s = spawn(survivor, self())
  let r = Process.monitor(c)
  send(c, 0)
  wait_down(r, "crasher")
  send(s, 21)
  let v = receive do
    n -> n + 0
  end
  println("survivor answered #{v}")
  println("main done")
end
