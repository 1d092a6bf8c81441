fn name(0) = "zero"
fn name(1) = "one"

fn main() do
  println(name(1))
  println(name(7))
  println("unreachable")
end
