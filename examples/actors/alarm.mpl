# Spec 04 §13–14 (named processes and timers): `Process.register` names a local
# process, `Process.whereis` finds it again, and `Timer.send_after` delivers a
# message after a delay (here 20 ms, well inside the actor's 1 s `after`).
#
# Prints `wake up`.

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
