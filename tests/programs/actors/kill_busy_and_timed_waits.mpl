# Spec 04 §9–§11: an exit signal reaches a linked process wherever it is: busy computing
# (its loop stops at the next reduction check), parked in `receive ... after` or in a plain
# `receive` (a `terminate` clause after such a kill: link_crash_propagates_and_runs_terminate).
# These actors only ever wait in `receive`, so the runtime runs them without a Trio cancel
# scope (mesh/runtime/actors/node.py `spawn`); this pins the kill paths of that mode.
# `receive ... after 0` makes `spin` a suspending function, so its loop counts reductions.
fn spin(n :: Int) -> Int do
  if n == 0 do
    receive do
      "never" -> 1
    after 0 -> 0
    end
  else
    spin(n - 1)
  end
end

actor busy(n :: Int) do
  let _ = spin(n)
  println("busy finished (must not happen)")
end

actor timed() do
  receive do
    n -> println("timed got #{n + 0}")
  after 60000 -> println("timed out (must not happen)")
  end
end

actor sleeper() do
  receive do
    n -> println("sleeper got #{n + 0}")
  end
end

actor bomb(targets :: List<Pid>) do
  List.map(targets, fn(t) do link(t) end)
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
  let b1 = spawn(busy, 50000000)
  let t1 = spawn(timed)
  let s1 = spawn(sleeper)
  let refs = [Process.monitor(b1), Process.monitor(t1), Process.monitor(s1)]
  let first = spawn(bomb, [b1, t1, s1])
  send(first, 0)
  wait_down(List.head(refs), "busy")
  wait_down(List.get(refs, 1), "timed")
  wait_down(List.get(refs, 2), "sleeper")
  # a second round: fresh processes, the same signal
  let late = spawn(sleeper)
  let r = Process.monitor(late)
  let bomb2 = spawn(bomb, [late])
  send(bomb2, 0)
  wait_down(r, "late")
  println("main done")
end
