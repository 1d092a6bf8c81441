fn main() do
  let pos = fn x when x > 0 -> x end
  let zero = fn (0) -> "zero" end
  let unwrap = fn Some(v) -> v end
  let ok = fn "ok" -> 1 end
  let neg = fn -1 -> 0 end
  let any = fn _ -> 0 end
  let first = fn ((a, b)) -> a end
  let both = fn (a, b) -> a + b end
  println("#{pos(5)} #{zero(0)} #{unwrap(Some(3))} #{ok("ok")} #{neg(-1)} #{any("x")}")
  println("#{first((7, 8))} #{both(7, 8)}")
end
