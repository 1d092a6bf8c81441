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
end

actor client(svc :: Pid<()>, parent :: Pid) do
  Counter.add(svc, 5)
  let v = Counter.value(svc)
  send(parent, v)
end

fn main() do
  let c = Counter.start(10)
  spawn(client, c, self())
  let seen = receive do
    n -> n + 0
  end
  println("client saw #{seen}")
  Counter.add(c, 1)
  println("main sees #{Counter.value(c)}")
end
