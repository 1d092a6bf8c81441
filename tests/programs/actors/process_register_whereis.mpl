actor idle() do
  receive do
    n -> println("idle got #{n + 0}")
  end
end

actor quick() do
  println("quick done")
end

fn main() do
  let a = spawn(idle)
  let b = spawn(idle)
  let r1 = Process.register("alpha", a)
  let r2 = Process.register("alpha", b)
  let r3 = Process.register("beta", a)
  println("first register: #{r1}")
  println("taken name: #{r2}")
  println("second name for same pid: #{r3}")
  let found = Process.whereis("alpha")
  println("whereis alpha is a: #{found == a}")
  let beta = Process.whereis("beta")
  println("whereis beta is a: #{beta == a}")
  let missing = Process.whereis("gamma")
  println("whereis gamma: #{missing}")
  let r4 = Process.register("gamma", missing)
  println("register null pid: #{r4}")
  let q = spawn(quick)
  let r5 = Process.register("q", q)
  println("register quick: #{r5}")
  let ref = Process.monitor(q)
  receive do
    (:down, rr, _, _) when rr == ref -> ()
  end
  let gone = Process.whereis("q")
  println("quick name after exit: #{gone}")
  let r6 = Process.register("q", b)
  println("reuse released name: #{r6}")
  let r7 = Process.register("dead", q)
  println("register dead pid: #{r7}")
  send(Process.whereis("alpha"), 41)
end
