fn check(n :: Int) do
  if n == 42 do
    println("typed pid ok")
  else
    println("typed pid wrong")
  end
end

actor typed_receiver() do
  receive do
    n -> check(n)
  end
end

fn main() do
  let pid :: Pid<Int> = spawn(typed_receiver)
  send(pid, 42)
  println("typed pid sent")
end
