# Spec 01 §3 rule 4, our extension: the value continues on the more-indented next line.
fn main() do
  let x =
    5
  println("#{x}")
end
