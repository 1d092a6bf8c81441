actor worker() do
  receive do
    msg -> println("actor processing")
  end
  terminate do
    println("cleanup executed")
  end
end

fn main() do
  let pid = spawn(worker)
  send(pid, "job")
  println("terminate test done")
end
