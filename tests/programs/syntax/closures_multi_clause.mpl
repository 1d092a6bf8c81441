fn main() do
  let sign = fn 0 -> "zero" | n when n < 0 -> "neg" | _ -> "pos" end
  let size = fn 0 | 1 -> "small" | _ -> "big" end
  let pick = fn 1 -> "one" | _ -> "many" end
  println("#{sign(0)} #{sign(-3)} #{sign(3)}")
  println("#{size(0)} #{size(1)} #{size(2)}")
  println("#{pick(1)} #{pick(2)}")
  let pairs = fn (0, b) -> b | (a, _) -> a end
  println("#{pairs(0, 5)} #{pairs(3, 5)}")
end
