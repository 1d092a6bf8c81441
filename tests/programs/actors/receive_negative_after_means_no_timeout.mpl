fn main() do
  Timer.send_after(self(), 30, 7)
  let v = receive do
    n -> n
  after -1 -> 0 end
  println("#{v}")
end
