fn main() do
  let q :: Queue<Int> = Queue.new()
  println("size #{Queue.size(q)}")
  let x = Queue.peek(q)
  println("unreachable #{x}")
end
