# Spec 01 §3 rule 4: no continuation after `=` at depth zero.
fn main() do
  let x =
    5
  println("#{x}")
end
