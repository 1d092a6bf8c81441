actor worker() do
  receive do
    job -> println("working on " <> job)
  end
end

fn main() do
  let w = spawn(worker)
  let r = Process.monitor(w)
  println("ref positive: #{r > 0}")
  send(w, "report")
  receive do
    (:down, ref, pid, reason) -> println("down #{ref == r} #{pid == w} #{reason}")
  end
end
