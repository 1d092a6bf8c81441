import Geometry.Shapes
from Billing.Invoices import total_due, Invoice
from Billing.Tax import (
  vat_rate,
  round_cents,
)

fn main() do
  let inv = Invoice { amount: 1000, paid: 250 }
  let due = total_due(inv)
  let tax = due * vat_rate() / 100
  println("due=#{due} tax=#{tax} rounded=#{round_cents(due + tax)}")
  println("area=#{Shapes.square_area(4)}")
end
