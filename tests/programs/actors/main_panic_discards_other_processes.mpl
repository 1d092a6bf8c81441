actor slowpoke() do
  Timer.sleep(300)
  println("slowpoke finished")
end

fn main() do
  spawn(slowpoke)
  println("main starts")
  let xs :: List<Int> = []
  println("head is #{head(xs)}")
end
