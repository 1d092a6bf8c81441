service Registry do
  fn init() -> Int do
    0
  end

  call GetCount() :: Int do |n|
    (n, n)
  end

  cast Increment() do |n|
    n + 1
  end

  cast SetValue(v :: Int) do |_n|
    v
  end

  call HTTPGet(path :: String) :: String do |n|
    (n, "GET #{path} (#{n})")
  end
end

fn main() do
  let r = Registry.start()
  Registry.increment(r)
  Registry.increment(r)
  println("count #{Registry.get_count(r)}")
  Registry.set_value(r, 40)
  println(Registry.h_t_t_p_get(r, "/x"))
end
