# Each member registers under its id and tells main it started; main prints
# the notifications in a fixed order (selective receive), so output is
# deterministic although the children run concurrently.
actor member(id :: String) do
  Process.register(id, self())
  send(Process.whereis("main"), "#{id} started")
  receive do
    k -> println("#{id} computed #{100 / k}")
  end
  terminate do
    println("#{id} stopped")
  end
end

supervisor Trio do
  strategy: one_for_all
  max_restarts: 3
  max_seconds: 5

  child a do
    start: fn -> spawn(member, "a") end
  end

  child b do
    start: fn -> spawn(member, "b") end
  end

  child c do
    start: fn -> spawn(member, "c") end
    shutdown: brutal_kill
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn main() do
  Process.register("main", self())
  spawn(Trio)
  expect("a started")
  expect("b started")
  expect("c started")
  let old_c = Process.whereis("c")
  send(Process.whereis("b"), 0)
  expect("a started")
  expect("b started")
  expect("c started")
  let new_c = Process.whereis("c")
  println("c replaced: #{new_c != old_c}")
end
