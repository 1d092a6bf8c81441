actor waiter() do
  receive do
    text -> println(text)
  end
end

fn main() do
  let w = spawn(waiter)
  Timer.send_after(w, 200, "late delivery")
  println("main done")
end
