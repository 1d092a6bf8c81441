actor worker(id :: Int) do
  receive do
    n -> println("worker done")
  end
end

fn main() do
  let a = spawn(worker, 1)
  let b = spawn(worker, 2)
  let c = spawn(worker, 3)
  send(a, 10)
  send(b, 20)
  send(c, 30)
  println("main sent all")
end
