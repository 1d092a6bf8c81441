service Loopy do
  fn init() -> Int do
    1
  end

  call Get() :: Int do |n|
    (n, n)
  end

  cast Recurse() do |n|
    let me = self()
    n + Loopy.get(me)
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let l = Loopy.start()
  let r = Process.monitor(l)
  Loopy.recurse(l)
  wait_down(r, "loopy")
end
