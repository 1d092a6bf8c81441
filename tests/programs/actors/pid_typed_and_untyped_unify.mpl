actor doubler(parent :: Pid) do
  receive do
    n -> send(parent, n * 2)
  end
  doubler(parent)
end

fn forward(target :: Pid, n :: Int) do
  send(target, n)
end

fn typed_send(target :: Pid<Int>, n :: Int) do
  send(target, n)
end

fn next_reply() -> Int do
  receive do
    n -> n
  end
end

fn main() do
  let a = spawn(doubler, self())
  forward(a, 4)
  println("via untyped parameter: #{next_reply()}")
  let u :: Pid = a
  typed_send(u, 5)
  println("untyped passed as typed: #{next_reply()}")
  println("same pid: #{u == a}")
end
