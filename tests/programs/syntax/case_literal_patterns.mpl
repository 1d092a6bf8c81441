fn lit(n :: Int) -> String do
  case n do
    0 -> "zero"
    -1 -> "minus one"
    42 -> "answer"
    other -> "other #{other}"
  end
end

fn flt(f :: Float) -> String do
  case f do
    2.5 -> "two and a half"
    -0.5 -> "minus half"
    _ -> "some float"
  end
end

fn boolean(b :: Bool) -> String do
  case b do
    true -> "yes"
    false -> "no"
  end
end

fn text(s :: String) -> String do
  case s do
    "hello" -> "greeting"
    "" -> "empty"
    _ -> "text"
  end
end

fn main() do
  println("#{lit(0)}, #{lit(-1)}, #{lit(42)}, #{lit(7)}")
  println("#{flt(2.5)}, #{flt(-0.5)}, #{flt(1.0)}")
  println("#{boolean(true)} #{boolean(false)}")
  println("#{text("hello")}, #{text("")}, #{text("x")}")
end
