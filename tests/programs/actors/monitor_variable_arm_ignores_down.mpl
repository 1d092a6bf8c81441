# Variable arms never match runtime notifications: "hello" is received
# first whether or not the DOWN is already queued.
actor quick() do
  println("quick done")
end

fn main() do
  let q = spawn(quick)
  let r = Process.monitor(q)
  Timer.sleep(50)
  send(self(), "hello")
  let first = receive do
    msg -> "got " <> msg
  end
  println(first)
  receive do
    (:down, ref, _, reason) -> println("then down #{ref == r} #{reason}")
  end
end
