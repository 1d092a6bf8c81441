service Accumulator do
  fn init() -> List<Int> do
    []
  end

  cast Add(n :: Int) do |items|
    List.append(items, n)
  end

  call Total() :: Int do |items|
    (items, reduce(items, 0, fn(acc, x) -> acc + x end))
  end
end

fn main() do
  let acc = Accumulator.start()
  Accumulator.add(acc, 1)
  Accumulator.add(acc, 2)
  Accumulator.add(acc, 3)
  println("#{Accumulator.total(acc)}")
end
