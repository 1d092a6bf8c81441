# Spec 01 §3 rule 4, our extension: after a trailing `=` or binary operator the expression
# continues on the next line when that line is indented more than the statement.
fn area(w :: Int, h :: Int) -> Int =
  w * h

fn main() do
  let x =
    5
  let total = 1 +
    2 +
    3
  let ok = x > 3 and
    total == 6
  let words = "a" <>
    "b" <>
    "c"
  println("#{x} #{total} #{ok} #{words} #{area(2, 3)}")
end
