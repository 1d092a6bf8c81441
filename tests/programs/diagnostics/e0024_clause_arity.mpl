fn pick(0) = "zero"
fn pick(1, n) = "one"

fn main() do
  println(pick(0))
end
