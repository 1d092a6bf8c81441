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
  let r1 = monitor(q)
  wait_down(r1, "first")
  let r2 = monitor(q)
  wait_down(r2, "second")
  let ghost = Process.whereis("ghost")
  let r3 = Process.monitor(ghost)
  wait_down(r3, "ghost")
  println("refs distinct: #{r1 != r2 and r2 != r3}")
end
