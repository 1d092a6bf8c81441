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

fn main() do
  let a = Acc.start()
  println("before: #{Acc.get(a)}")
  Acc.divide(a, 0)
  println("after: #{Acc.get(a)}")
end
