fn f(n) = "any"
fn f(0) = "zero"

fn main() do
  println(f(1))
end
