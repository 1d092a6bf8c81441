actor idle_worker(id :: String) do
  receive do
    n -> println("#{id} unexpected #{n + 0}")
  end
end

supervisor AllSup do
  strategy: one_for_all
  max_restarts: 3
  max_seconds: 5

  child first do
    start: fn -> spawn(idle_worker, "first") end
  end

  child second do
    start: fn -> spawn(idle_worker, "second") end
  end
end

fn main() do
  spawn(AllSup)
  println("one_for_all supervisor started")
end
