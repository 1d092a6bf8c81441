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
  let r1 = Process.monitor(w)
  let r2 = Process.monitor(w)
  println("refs differ: #{r1 != r2}")
  send(w, "y")
  wait_down(r2, "monitor two")
  wait_down(r1, "monitor one")
end
