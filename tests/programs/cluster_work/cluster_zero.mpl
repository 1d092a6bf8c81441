# Our choice (spec 07 §11.5): `@cluster(0)` is a compile error.
@cluster(0) pub fn nothing() do
  println("never")
end

fn main() do
  println("unreachable")
end
