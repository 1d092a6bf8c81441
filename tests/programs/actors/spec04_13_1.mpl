actor alarm() do
  let note = receive do
    text -> text
  after 1000 -> "nothing arrived" end
  println(note)
end

fn main() do
  let a = spawn(alarm)
  Process.register("alarm", a)
  Timer.send_after(Process.whereis("alarm"), 20, "wake up")
  Timer.sleep(100)
end
