actor pinger() do
  receive do
    n -> println("ping #{n}")
  end
end

actor ponger() do
  receive do
    n -> println("pong #{n}")
  end
end

supervisor PairSup do
  strategy: rest_for_one
  max_restarts: 5
  max_seconds: 10

  child first do
    start: fn -> spawn(pinger) end
    restart: transient
    shutdown: 2000
  end

  child second do
    start: fn -> spawn(ponger) end
    restart: temporary
    shutdown: brutal_kill
  end
end

fn main() do
  let sup = spawn(PairSup)
  println("up")
end
