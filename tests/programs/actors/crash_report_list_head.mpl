actor picker() do
  receive do
    xs -> println("first is #{head(xs) + 0}")
  end
end

fn main() do
  let p = spawn(picker)
  send(p, [])
  println("main done")
end
