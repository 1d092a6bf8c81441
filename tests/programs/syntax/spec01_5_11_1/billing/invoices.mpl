pub struct Invoice do
  amount :: Int
  paid :: Int
end

pub fn total_due(inv :: Invoice) -> Int do
  inv.amount - inv.paid
end
