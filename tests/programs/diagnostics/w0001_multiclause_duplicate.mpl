fn f(0) = "a"
fn f(0) = "b"
fn f(_) = "c"

fn main() do
  println("#{f(0)} #{f(5)}")
end
