actor worker() do
  receive do
    job -> println("working on " <> job)
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let w = spawn(worker)
  let r = Process.monitor(w)
  println("demonitor active: #{Process.demonitor(r)}")
  println("demonitor again: #{Process.demonitor(r)}")
  println("demonitor unknown: #{Process.demonitor(999999)}")
  let r2 = Process.monitor(w)
  send(w, "x")
  wait_down(r2, "second monitor")
  let stale = receive do
    (:down, ref, _, _) when ref == r -> "stale down"
  after 0 -> "no down for removed monitor" end
  println(stale)
end
