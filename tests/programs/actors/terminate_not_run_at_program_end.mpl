actor waiter() do
  receive do
    n -> println("got #{n + 0}")
  end
  terminate do
    println("should not print")
  end
end

fn main() do
  spawn(waiter)
  println("main done")
end
