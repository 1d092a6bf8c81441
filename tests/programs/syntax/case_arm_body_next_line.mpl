# Spec 01 §3 (our layout extension): a case arm body may start on the next line when it
# is indented more than the arm; it then runs up to the first line that is not.
fn describe(n :: Int) -> String do
  case n do
    0 ->
      "zero"
    n when n < 0 ->
      let m = 0 - n
      "minus #{m}"
    _ -> "plus #{n}"
  end
end

fn main() do
  let r = case 1 do
    1 ->
      "one"
    _ -> "other"
  end
  println(r)
  println(describe(0))
  println(describe(-4))
  println(describe(7))
  let nested = case [1, 2] do
    [a, b] ->
      case a + b do
        3 ->
          "three"
        _ -> "other"
      end
    _ -> "none"
  end
  println(nested)
  let f = fn x ->
    let y = x * 2
    y + 1
  end
  println("#{f(4)}")
end
