actor patient() do
  let v = receive do
    n -> "got #{n + 0}"
  after 150 -> "deadline honoured" end
  println(v)
end

fn main() do
  spawn(patient)
  println("main returns")
end
