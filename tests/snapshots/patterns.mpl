# Nested patterns: sum types with payloads, tuples, literals, or-patterns, guards.
type Shape do
  Circle(Float)
  Rect(Float, Float)
  Empty
end

fn describe(s :: Shape) -> String do
  case s do
    Circle(r) when r > 10.0 -> "big circle"
    Circle(_) -> "circle"
    Rect(w, h) when w == h -> "square"
    Rect(_, _) -> "rectangle"
    Empty -> "nothing"
  end
end

fn classify(pair :: (Int, String)) -> String do
  case pair do
    (0, _) | (1, _) -> "small"
    (n, "x") -> "x #{n}"
    (_, s) -> s
  end
end

fn main() do
  println(describe(Circle(12.0)))
  println(describe(Rect(2.0, 2.0)))
  println(classify((1, "a")))
  println(classify((5, "x")))
end
