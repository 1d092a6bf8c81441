type Shape do
  Dot
  Circle(Int)
  Rect(Int, Int)
end

fn name(s :: Shape) -> String do
  case s do
    Shape.Dot -> "dot"
    Shape.Circle(r) -> "circle #{r}"
    Rect(w, h) -> "rect #{w}x#{h}"
  end
end

fn status(r :: Result<Int, String>) -> String do
  case r do
    Ok -> "ok"
    Err -> "err"
  end
end

fn nested(o :: Option<Result<Int, String>>) -> String do
  case o do
    Some(Ok(n)) -> "some ok #{n}"
    Some(Err(e)) -> "some err #{e}"
    None -> "none"
  end
end

fn pair(p :: (Int, String)) -> String do
  case p do
    (0, s) -> "zero #{s}"
    (n, "x") -> "#{n} x"
    (_, _) -> "other"
  end
end

fn main() do
  println("#{name(Dot)} #{name(Circle(2))} #{name(Rect(3, 4))}")
  println("#{status(Ok(1))} #{status(Err("e"))}")
  println("#{nested(Some(Ok(1)))} #{nested(Some(Err("bad")))} #{nested(None)}")
  println("#{pair((0, "a"))} #{pair((5, "x"))} #{pair((5, "y"))}")
end
