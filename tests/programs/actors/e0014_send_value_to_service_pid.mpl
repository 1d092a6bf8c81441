service Box do
  fn init() -> Int do
    0
  end

  call Get() :: Int do |n|
    (n, n)
  end
end

fn main() do
  let b = Box.start()
  send(b, 5)
  println("#{Box.get(b)}")
end
