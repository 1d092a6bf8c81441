actor partner() do
  receive do
    n -> println("partner got #{n + 0}")
  end
  terminate do
    println("partner cleanup")
  end
end

actor bomb(p :: Pid) do
  link(p)
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
  let p = spawn(partner)
  let b = spawn(bomb, p)
  let r = Process.monitor(p)
  send(b, 0)
  wait_down(r, "partner")
end
