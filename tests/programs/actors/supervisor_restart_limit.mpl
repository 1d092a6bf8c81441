actor idle_worker() do
  receive do
    n -> println("unexpected #{n + 0}")
  end
end

supervisor LimitedSup do
  strategy: one_for_one
  max_restarts: 1
  max_seconds: 1

  child worker do
    start: fn -> spawn(idle_worker) end
    restart: permanent
  end
end

fn main() do
  spawn(LimitedSup)
  println("restart limit test started")
end
