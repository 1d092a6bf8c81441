actor quick() do
  println("quick finished")
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let q = spawn(quick)
  link(q)
  link(q)
  let r = Process.monitor(q)
  wait_down(r, "quick")
  link(q)
  link(self())
  println("main still running")
end
