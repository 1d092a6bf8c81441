struct Stats do
  count :: Int
  label :: String
end

service StatsKeeper do
  fn init() -> Stats do
    Stats { count: 0, label: "initial" }
  end

  call Bump() :: Int do |s|
    let next = %{s | count: s.count + 1}
    (next, next.count)
  end

  call Count() :: Int do |s|
    (s, s.count)
  end

  call Rename(label :: String) :: String do |s|
    let next = %{s | label: label}
    (next, next.label)
  end
end

fn main() do
  let k = StatsKeeper.start()
  println("#{StatsKeeper.bump(k)}")
  println("#{StatsKeeper.bump(k)}")
  println("#{StatsKeeper.count(k)}")
  println(StatsKeeper.rename(k, "updated"))
end
