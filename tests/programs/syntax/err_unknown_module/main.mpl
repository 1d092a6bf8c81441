from Billing.Nowhere import total

fn main() do
  println("#{total()}")
end
