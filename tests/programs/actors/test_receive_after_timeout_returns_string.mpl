actor waiter() do
  let v = receive do
    s -> s
  after 30 -> "timeout" end
  println(v)
end

fn main() do
  spawn(waiter)
end
