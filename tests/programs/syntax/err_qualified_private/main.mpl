import Billing.Invoices

fn main() do
  println("#{Invoices.secret()}")
end
