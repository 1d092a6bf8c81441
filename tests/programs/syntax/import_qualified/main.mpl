import Billing.TaxRules

fn main() do
  println("#{TaxRules.rate()}")
  println(TaxRules.label("book"))
end
