# Inner gives up at the first restart (max_restarts: 0); Outer sees that as a
# crash and restarts Inner, which starts a fresh worker.
actor flaky() do
  Process.register("flaky", self())
  send(Process.whereis("main"), "flaky started")
  receive do
    k -> println("flaky computed #{100 / k}")
  end
end

supervisor Inner do
  max_restarts: 0

  child worker do
    start: fn -> spawn(flaky) end
  end
end

supervisor Outer do
  strategy: one_for_one

  child inner do
    start: fn -> spawn(Inner) end
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn main() do
  Process.register("main", self())
  spawn(Outer)
  expect("flaky started")
  send(Process.whereis("flaky"), 0)
  expect("flaky started")
  println("recovered")
end
