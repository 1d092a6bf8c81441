actor stuck() do
  receive do
    n -> println("stuck got #{n + 0}")
  end
end

service Idle do
  fn init() -> Int do
    0
  end

  call Get() :: Int do |n|
    (n, n)
  end
end

fn main() do
  spawn(stuck)
  spawn(stuck)
  let s = Idle.start()
  println("value #{Idle.get(s)}")
  println("main done")
end
