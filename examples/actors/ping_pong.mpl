# Ping-pong between two processes (spec 04 §4, §7, §8): `main` sends
# `(self(), n)` to a `ponger` actor and waits for the ball to come back before
# serving the next one, so the output order is fixed.
#
# Prints `ping 1`, `pong 1`, ... `ping 3`, `pong 3`, then `done after 3 rounds`.
# The ponger then waits forever and the program ends (spec 04 §1.1).

actor ponger() do
  receive do
    (from, n) -> do
      println("pong #{n}")
      send(from, n)
    end
  end
  ponger()
end

fn rally(partner, n :: Int, rounds :: Int) do
  if n > rounds do
    println("done after #{rounds} rounds")
  else
    println("ping #{n}")
    send(partner, (self(), n))
    receive do
      back -> rally(partner, back + 1, rounds)
    end
  end
end

fn main() do
  let partner = spawn(ponger)
  rally(partner, 1, 3)
end
