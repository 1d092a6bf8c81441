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
