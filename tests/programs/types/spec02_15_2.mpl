fn sign(0) = 0
fn sign(n) when n > 0 = 1
fn sign(n) = -1

fn main() do
  println("#{sign(0)} #{sign(42)} #{sign(-7)}")
end
