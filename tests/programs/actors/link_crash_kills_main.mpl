actor bomb() do
  receive do
    n -> println("bomb computed #{100 / n}")
  end
end

fn main() do
  let b = spawn(bomb)
  link(b)
  send(b, 0)
  println("waiting")
  Timer.sleep(2000)
  println("not reached")
end
