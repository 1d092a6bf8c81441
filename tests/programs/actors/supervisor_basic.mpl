actor idle_worker() do
  receive do
    n -> println("unexpected #{n + 0}")
  end
end

supervisor WorkerSup do
  strategy: one_for_one
  max_restarts: 3
  max_seconds: 5

  child worker do
    start: fn -> spawn(idle_worker) end
    restart: permanent
    shutdown: 5000
  end
end

fn main() do
  spawn(WorkerSup)
  println("supervisor started")
end
