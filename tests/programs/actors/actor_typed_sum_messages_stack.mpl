type StackMsg do
  Push(Int)
  Pop(Pid<Int>)
end

actor stack(items :: List<Int>) do
  let next = receive do
    Push(n) -> [n] ++ items
    Pop(reply_to) -> do
      send(reply_to, head(items))
      tail(items)
    end
  end
  stack(next)
end

fn pop(s :: Pid<StackMsg>) -> Int do
  send(s, Pop(self()))
  receive do
    n -> n
  end
end

fn main() do
  let s = spawn(stack, [])
  send(s, Push(1))
  send(s, Push(2))
  send(s, Push(3))
  println("popped #{pop(s)}")
  println("popped #{pop(s)}")
  send(s, Push(9))
  println("popped #{pop(s)}")
  println("popped #{pop(s)}")
end
