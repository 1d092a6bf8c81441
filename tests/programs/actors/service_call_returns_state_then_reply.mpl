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
  println(Tracker.describe(t))
  println(Tracker.describe(t))
  println(Tracker.describe(t))
end
