fn is_small(n :: Int) -> Bool = n < 10

fn size(n) when is_small(n) do
  "small"
end
fn size(_) do
  "large"
end

fn classify(n) when n > 0 and n % 2 == 0 = "positive even"
fn classify(n) when String.length("#{n}") > 2 = "wide"
fn classify(_) = "other"

fn abs_val(n :: Int) -> Int when n < 0 = 0 - n
fn abs_val(n) = n

fn main() do
  println("#{size(3)} #{size(30)}")
  println("#{classify(4)} #{classify(-100)} #{classify(3)}")
  println("#{abs_val(-7)} #{abs_val(7)}")
end
