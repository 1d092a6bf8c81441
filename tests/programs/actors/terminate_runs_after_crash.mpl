actor fragile(label :: String) do
  receive do
    n -> println("#{label}: #{100 / n}")
  end
  terminate do
    println("#{label} cleaned up")
  end
end

fn main() do
  let f = spawn(fragile, "job")
  send(f, 0)
end
