# Spec 01 §3 rule 4: a continuation line must be indented more than the statement.
fn main() do
  let total = 1 +
  2
  println("#{total}")
end
