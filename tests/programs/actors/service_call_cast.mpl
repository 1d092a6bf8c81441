service Store do
  fn init() -> Int do
    0
  end

  cast Put(value :: Int) do |_old|
    value
  end

  call Get() :: Int do |value|
    (value, value)
  end

  call Take() :: Int do |value|
    (0, value)
  end
end

fn main() do
  let s = Store.start()
  Store.put(s, 100)
  println("#{Store.get(s)}")
  Store.put(s, 200)
  println("#{Store.take(s)}")
  println("#{Store.get(s)}")
end
