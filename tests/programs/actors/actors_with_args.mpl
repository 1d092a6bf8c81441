# calculator has no receive: it prints 6 * 7 and ends, then hands 5 to adder.
actor calculator(a :: Int, b :: Int, next :: Pid<Int>) do
  println("#{a * b}")
  send(next, 5)
end

actor adder(base :: Int) do
  receive do
    n -> println("#{base + n}")
  end
end

fn main() do
  let add = spawn(adder, 10)
  spawn(calculator, 6, 7, add)
  println("args test done")
end
