actor collector() do
  receive do
    n -> println("got #{n + 0}")
  end
  collector()
end

fn main() do
  let c = spawn(collector)
  send(c, 1)
  send(c, 2)
  send(c, 3)
  send(c, 4)
  send(c, 5)
end
