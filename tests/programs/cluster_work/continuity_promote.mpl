# Spec 07 §11.3 / 02 E0046: there is no manual promotion.
fn main() do
  Continuity.promote()
end
