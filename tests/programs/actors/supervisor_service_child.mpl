service Counter do
  fn init(start :: Int) -> Int do
    start
  end

  call Value() :: Int do |n|
    (n, n)
  end

  cast Add(k :: Int) do |n|
    n + k
  end

  cast Divide(k :: Int) do |n|
    n / k
  end
end

fn start_counter() -> Pid<()> do
  let pid = Counter.start(5)
  Process.register("counter", pid)
  send(Process.whereis("main"), "counter up")
  pid
end

supervisor CounterSup do
  child counter do
    start: fn -> start_counter() end
  end
end

fn expect(what :: String) do
  receive do
    m when m == what -> println(m)
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  Process.register("main", self())
  spawn(CounterSup)
  expect("counter up")
  let c = Process.whereis("counter")
  Counter.add(c, 2)
  println("value: #{Counter.value(c)}")
  let r = Process.monitor(c)
  Counter.divide(c, 0)
  wait_down(r, "counter")
  expect("counter up")
  let c2 = Process.whereis("counter")
  println("value after restart: #{Counter.value(c2)}")
end
