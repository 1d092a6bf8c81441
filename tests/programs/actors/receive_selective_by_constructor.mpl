type Parcel do
  Letter(Int)
  Box(Int)
end

fn main() do
  let me = self()
  send(me, Letter(1))
  send(me, Box(1))
  send(me, Letter(2))
  send(me, Box(2))
  let a = receive do
    Box(n) -> "box #{n}"
  end
  println(a)
  let b = receive do
    Letter(n) -> "letter #{n}"
  end
  println(b)
  let c = receive do
    Box(n) -> "box #{n}"
  end
  println(c)
  let d = receive do
    Box(n) -> "box #{n}"
    Letter(n) -> "letter #{n}"
  end
  println(d)
  send(me, Letter(3))
  send(me, Box(3))
  let e = receive do
    Box(n) -> "box #{n}"
    Letter(n) -> "letter #{n}"
  end
  println(e)
  let f = receive do
    Box(n) -> "box #{n}"
    Letter(n) -> "letter #{n}"
  end
  println(f)
end
