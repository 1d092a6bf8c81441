# self() stays the same pid across tail-recursive iterations of the actor.
actor stable(parent :: Pid) do
  receive do
    _ -> send(parent, self())
  end
  stable(parent)
end

fn ask(a :: Pid<Int>) -> Bool do
  send(a, 1)
  receive do
    p -> p == a
  end
end

fn main() do
  let a = spawn(stable, self())
  let ok1 = ask(a)
  let ok2 = ask(a)
  let ok3 = ask(a)
  if ok1 and ok2 and ok3 do
    println("main ok")
  else
    println("main mismatch")
  end
end
