fn pick(1) = "one"
fn pick(2) = "two"

fn main() do
  println(pick(1))
  println(pick(3))
  println("unreachable")
end
