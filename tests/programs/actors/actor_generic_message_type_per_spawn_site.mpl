# A lone variable arm leaves the message type open: each spawn site picks one.
actor echo(reply_to :: Pid) do
  receive do
    msg -> println("got #{msg}")
  end
  send(reply_to, "done")
end

fn wait_done() do
  receive do
    "done" -> ()
  end
end

fn main() do
  let a = spawn(echo, self())
  send(a, 5)
  wait_done()
  let b = spawn(echo, self())
  send(b, "hi")
  wait_done()
  println("both answered")
end
