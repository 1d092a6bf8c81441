actor member(id :: String) do
  Process.register(id, self())
  send(Process.whereis("main"), "#{id} started")
  receive do
    k -> println("#{id} computed #{100 / k}")
  end
end

supervisor Kinds do
  strategy: one_for_one
  max_restarts: 10
  max_seconds: 5

  child t do
    start: fn -> spawn(member, "t") end
    restart: transient
  end

  child u do
    start: fn -> spawn(member, "u") end
    restart: transient
  end

  child p do
    start: fn -> spawn(member, "p") end
    restart: temporary
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  Process.register("main", self())
  spawn(Kinds)
  expect("t started")
  expect("u started")
  expect("p started")
  let t = Process.whereis("t")
  let tref = Process.monitor(t)
  send(t, 5)
  wait_down(tref, "t")
  let p = Process.whereis("p")
  let pref = Process.monitor(p)
  send(p, 0)
  wait_down(pref, "p")
  send(Process.whereis("u"), 0)
  expect("u started")
  let t_now = Process.whereis("t")
  let p_now = Process.whereis("p")
  println("t name: #{t_now}")
  println("p name: #{p_now}")
end
