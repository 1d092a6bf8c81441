fn main() do
  let results = Job.map([30, 10, 20], fn(ms) do
    Timer.sleep(ms)
    ms * 2
  end)
  println("#{results}")
end
