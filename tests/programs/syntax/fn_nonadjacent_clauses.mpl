fn f(0) = "zero"
fn g() = 1
fn f(n) = "n"

fn main() do
  println(f(1))
end
