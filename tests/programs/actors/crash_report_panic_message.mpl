actor exploder() do
  receive do
    msg -> panic("boom: " <> msg)
  end
end

fn main() do
  let e = spawn(exploder)
  send(e, "kaboom")
  println("main done")
end
