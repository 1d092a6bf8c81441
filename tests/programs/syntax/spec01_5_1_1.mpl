fn sign(0) = "zero"
fn sign(n) when n < 0 = "negative"
fn sign(_) = "positive"

pub fn clamp<T>(x :: T, lo :: T, hi :: T) -> T where T: Ord do
  if x < lo do
    lo
  else if x > hi do
    hi
  else
    x
  end
end

fn main() do
  println("#{sign(0)} #{sign(-4)} #{sign(9)}")
  println("#{clamp(5, 1, 3)} #{clamp(-2, 1, 3)} #{clamp(2, 1, 3)}")
  println(clamp("m", "a", "k"))
end
