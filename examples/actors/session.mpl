# Spec 04 §4.1 (`terminate` clause): the block runs when the actor's process
# ends (normally, after a crash, or when a supervisor stops it).
#
# After `send(spawn(session), "deploy")` this prints `ran deploy` then
# `session closed`.

actor session() do
  receive do
    cmd -> println("ran #{cmd}")
  end
  terminate do
    println("session closed")
  end
end

fn main() do
  send(spawn(session), "deploy")
end
