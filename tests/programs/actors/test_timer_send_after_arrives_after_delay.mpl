# The message must not be there right away (first receive gives 0), and must
# arrive later (second receive gives 77). A wrong timer prints 76 or -1.
actor waiter() do
  Timer.send_after(self(), 50, 77)
  let first = receive do
    n -> n
  after 0 -> 0 end
  let second = receive do
    n -> n
  after 2000 -> -1 end
  println("#{first + second}")
end

fn main() do
  spawn(waiter)
end
