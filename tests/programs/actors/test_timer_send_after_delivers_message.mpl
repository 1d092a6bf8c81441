actor waiter() do
  Timer.send_after(self(), 20, 99)
  receive do
    n -> println("#{n}")
  end
end

fn main() do
  spawn(waiter)
end
