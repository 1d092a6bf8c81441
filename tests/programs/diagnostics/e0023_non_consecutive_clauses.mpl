fn pick(0) = "zero"
fn other() = 1
fn pick(n) = "n"

fn main() do
  println(pick(0))
end
