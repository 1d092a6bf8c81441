fn main() do
  Timer.sleep(0)
  Timer.sleep(-5)
  println("zero and negative sleeps return")
  let me = self()
  Timer.send_after(me, 0, "asap")
  Timer.send_after(me, -10, "negative delay")
  receive do
    m when m == "asap" -> println(m)
  end
  receive do
    m when m == "negative delay" -> println(m)
  end
end
