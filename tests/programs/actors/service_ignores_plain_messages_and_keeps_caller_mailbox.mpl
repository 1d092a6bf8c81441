service Tracker do
  fn init() -> Int do
    0
  end

  call Describe() :: String do |n|
    (n + 1, "was #{n}")
  end
end

fn main() do
  let t = Tracker.start()
  send(t, ())
  Timer.send_after(t, 0, ())
  send(self(), "queued")
  println(Tracker.describe(t))
  println(Tracker.describe(t))
  let q = receive do
    m -> m
  after 0 -> "mailbox was disturbed" end
  println("mailbox still has: " <> q)
end
