fn main() do
  let me = self()
  send(me, 5)
  send(me, 50)
  let r1 = receive do
    n when n > 10 -> n
  end
  let r2 = receive do
    n when n > 1000 -> n
  after 0 -> -1 end
  let r3 = receive do
    n -> n
  end
  let r4 = receive do
    n -> n
  after 0 -> 0 end
  println("#{r1} #{r2} #{r3} #{r4}")
end
