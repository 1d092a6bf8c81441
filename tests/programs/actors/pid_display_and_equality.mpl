actor idle() do
  receive do
    n -> println("idle got #{n + 0}")
  end
end

fn main() do
  println("main is #{self()}")
  let a = spawn(idle)
  let b = spawn(idle)
  println("a is #{a}")
  println("b is #{b}")
  println("a == a: #{a == a}")
  println("a != b: #{a != b}")
  let nobody = Process.whereis("nobody")
  println("unknown name gives #{nobody}")
  send(nobody, "dropped")
  println("send to null pid is a no-op")
end
