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

supervisor Chain do
  strategy: rest_for_one
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
  end

  child d do
    start: fn -> spawn(member, "d") end
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn main() do
  Process.register("main", self())
  spawn(Chain)
  expect("a started")
  expect("b started")
  expect("c started")
  expect("d started")
  let old_a = Process.whereis("a")
  send(Process.whereis("b"), 0)
  expect("b started")
  expect("c started")
  expect("d started")
  let new_a = Process.whereis("a")
  println("a kept: #{new_a == old_a}")
end
