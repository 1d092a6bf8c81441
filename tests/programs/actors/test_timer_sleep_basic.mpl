actor sleeper() do
  Timer.sleep(20)
  println("awake")
end

fn main() do
  spawn(sleeper)
end
