actor flaky() do
  Process.register("flaky", self())
  send(Process.whereis("main"), "flaky started")
  receive do
    k -> println("flaky computed #{100 / k}")
  end
end

actor idler() do
  receive do
    k -> println("idler got #{k + 0}")
  end
  terminate do
    println("idler stopped")
  end
end

supervisor LimitSup do
  strategy: one_for_one
  max_restarts: 2
  max_seconds: 5

  child worker do
    start: fn -> spawn(flaky) end
  end

  child sleeper do
    start: fn -> spawn(idler) end
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn crash_flaky() do
  expect("flaky started")
  send(Process.whereis("flaky"), 0)
end

fn main() do
  Process.register("main", self())
  let sup = spawn(LimitSup)
  let ref = Process.monitor(sup)
  crash_flaky()
  crash_flaky()
  crash_flaky()
  receive do
    (:down, r, _, reason) when r == ref -> println("supervisor down: #{reason}")
  end
end
