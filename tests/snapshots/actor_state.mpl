# An actor that keeps its state by calling itself with the new value.
type CounterMsg do
  Add(Int)
  Get(Pid)
end

actor counter(total :: Int) do
  receive do
    Add(n) -> counter(total + n)
    Get(reply) -> do
      send(reply, total)
      counter(total)
    end
  end
end

fn main() do
  let c = spawn(counter, 0)
  send(c, Add(2))
  send(c, Add(3))
  send(c, Get(self()))
  receive do
    n -> println("total #{n}")
  end
end
