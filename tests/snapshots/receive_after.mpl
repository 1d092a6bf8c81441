# `receive` with typed arms, a guard and an `after` timeout.
type Msg do
  Ping(Int)
  Stop
end

actor listener() do
  receive do
    Ping(n) when n > 10 -> println("big #{n}")
    Ping(n) -> println("small #{n}")
    Stop -> println("stop")
  after 50 -> println("timeout") end
end

fn main() do
  let p = spawn(listener)
  send(p, Ping(12))
  let r = receive do
    m -> m
  after 10 -> "nothing" end
  println(r)
end
