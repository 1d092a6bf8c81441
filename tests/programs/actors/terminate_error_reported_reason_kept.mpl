actor careful() do
  receive do
    n -> println("handled #{n + 0}")
  end
  terminate do
    println("terminate starts")
    let zero = String.length("")
    println("ratio #{10 / zero}")
  end
end

fn wait_down(ref :: Int, label :: String) do
  receive do
    (:down, r, _, reason) when r == ref -> println("#{label} down: #{reason}")
  end
end

fn main() do
  let c = spawn(careful)
  let r = Process.monitor(c)
  send(c, 1)
  wait_down(r, "careful")
end
