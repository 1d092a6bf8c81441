fn pick(n) = "any"
fn pick(0) = "zero"

fn main() do
  println(pick(0))
end
