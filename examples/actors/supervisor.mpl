# Spec 04 §16 (supervisors): a supervisor starts its children in order and
# restarts them according to its strategy (`rest_for_one`: a crashed child and
# every child started after it) and each child's restart type.
#
# Prints `up`. The children never get a message, so they wait idle and the
# program ends (spec 04 §1.1).

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
