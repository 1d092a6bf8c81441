actor linked_worker(parent :: Pid) do
  println("linked worker done")
  send(parent, "finished")
end

actor linker() do
  let w = spawn(linked_worker, self())
  link(w)
  receive do
    "finished" -> println("linker done")
  end
end

fn main() do
  spawn(linker)
  println("link test done")
end
