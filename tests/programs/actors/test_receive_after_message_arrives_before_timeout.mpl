actor waiter() do
  let v = receive do
    n -> n
  after 5000 -> 99 end
  println("#{v}")
end

fn main() do
  let w = spawn(waiter)
  send(w, 42)
end
