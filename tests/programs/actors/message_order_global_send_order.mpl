# The relay only runs after main suspends, so main's third send happens
# before the relay's send: the mailbox keeps the global order of sends.
actor collector() do
  receive do
    text -> println(text)
  end
  collector()
end

actor relay(target :: Pid<String>) do
  receive do
    text -> send(target, text)
  end
  relay(target)
end

fn main() do
  let c = spawn(collector)
  let r = spawn(relay, c)
  send(c, "first from main")
  send(r, "second via relay")
  send(c, "third from main")
end
