actor waiter() do
  let v = receive do
    n -> n
  after 50 -> 99 end
  println("#{v}")
end

fn main() do
  spawn(waiter)
end
