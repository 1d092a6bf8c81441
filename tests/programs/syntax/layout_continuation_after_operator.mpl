# Spec 01 §3 rule 4, our extension: the value continues on the more-indented next line.
fn main() do
  let x = 1 +
    2
  println("#{x}")
end
