actor counter(n :: Int) do
  let cmd = receive do
    c -> c
  end
  if cmd == "inc" do
    counter(n + 1)
  else
    self()
  end
  terminate do
    println("final count #{n}")
  end
end

fn main() do
  let c = spawn(counter, 0)
  send(c, "inc")
  send(c, "inc")
  send(c, "inc")
  send(c, "stop")
end
