actor slow() do
  Timer.sleep(400)
  println("slow")
end

actor fast() do
  Timer.sleep(10)
  println("fast")
end

fn main() do
  spawn(slow)
  spawn(fast)
end
