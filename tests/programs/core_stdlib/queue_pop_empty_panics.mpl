fn main() do
  let q = Queue.push(Queue.new(), 1)
  let (x, rest) = Queue.pop(q)
  println("got #{x}")
  let (y, _) = Queue.pop(rest)
  println("unreachable #{y}")
end
