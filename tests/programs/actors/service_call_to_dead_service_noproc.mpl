service Acc do
  fn init() -> Int do
    10
  end

  cast Divide(k :: Int) do |n|
    n / k
  end

  call Get() :: Int do |n|
    (n, n)
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let a = Acc.start()
  let r = Process.monitor(a)
  Acc.divide(a, 0)
  wait_down(r, "acc")
  Acc.divide(a, 1)
  println("cast to dead service dropped")
  println("value: #{Acc.get(a)}")
end
