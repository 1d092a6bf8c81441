fn main() do
  let me = self()
  let first = receive do
    n -> "got #{n + 0}"
  after 0 -> "empty" end
  println(first)
  send(me, 7)
  receive do
  after 20 -> println("waited without consuming") end
  let second = receive do
    n -> "got #{n + 0}"
  after 0 -> "empty" end
  println(second)
end
