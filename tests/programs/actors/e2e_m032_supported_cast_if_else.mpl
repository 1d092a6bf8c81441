service Dial do
  fn init() -> Int do
    0
  end

  cast Adjust(up :: Bool) do |n|
    if up do
      n + 1
    else
      n - 1
    end
  end

  call Get() :: Int do |n|
    (n, n)
  end
end

fn main() do
  let d = Dial.start()
  Dial.adjust(d, true)
  println("#{Dial.get(d)}")
  Dial.adjust(d, true)
  Dial.adjust(d, true)
  Dial.adjust(d, false)
  println("#{Dial.get(d)}")
end
