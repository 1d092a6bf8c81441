service Counter do
  fn init(start :: Int) -> Int do
    start
  end

  call GetCount() :: Int do |count|
    (count, count)
  end

  cast Increment(by :: Int) do |count|
    count + by
  end

  cast Reset() do |_count|
    0
  end
end

fn main() do
  let pid = Counter.start(10)
  println("#{Counter.get_count(pid)}")
  Counter.increment(pid, 5)
  println("#{Counter.get_count(pid)}")
  Counter.reset(pid)
  println("#{Counter.get_count(pid)}")
end
