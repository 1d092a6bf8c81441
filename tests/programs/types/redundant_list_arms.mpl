# Spec 02 §15: list arms no value can reach are still reported (W0001).
fn size(xs :: List<Int>) -> String do
  case xs do
    [] -> "none"
    _ :: _ -> "some"
    _ -> "never"
  end
end

fn main() do
  println(size([]) <> " " <> size([1]))
end
