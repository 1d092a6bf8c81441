service Inventory do
  fn init(stock :: Int) -> Int do
    stock
  end

  call Take(qty :: Int) :: Bool do |stock|
    if qty <= stock do
      (stock - qty, true)
    else
      (stock, false)
    end
  end

  call Remaining() :: Int do |stock|
    (stock, stock)
  end

  cast Restock(qty :: Int) do |stock|
    stock + qty
  end
end

fn main() do
  let inv = Inventory.start(5)
  println("#{Inventory.take(inv, 3)}")
  println("#{Inventory.take(inv, 3)}")
  Inventory.restock(inv, 10)
  println("#{Inventory.remaining(inv)}")
end
