actor fragile() do
  receive do
    n when 100 / n > 1 -> println("small divisor #{n}")
    n -> println("other #{n}")
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let f = spawn(fragile)
  let r = Process.monitor(f)
  send(f, 0)
  wait_down(r, "fragile")
end
