actor quick() do
  receive do
    n -> println("quick got #{n + 0}")
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let q = spawn(quick)
  let r = Process.monitor(q)
  send(q, 1)
  wait_down(r, "quick")
  Timer.send_after(q, 10, 2)
  Timer.sleep(50)
  println("late message dropped")
end
