fn name(0) = "zero"
fn name(1) = "one"

fn main() do
  println(name(0))
  println(name(1))
end
