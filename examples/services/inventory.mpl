# Spec 04 §17 (services): a process holding private state behind generated
# client functions. `call` handlers return `(new_state, reply)` and the caller
# waits for the reply; `cast` handlers return the new state and the caller does
# not wait. `Inventory.start(5)` runs `init(5)`; `Take(qty)` becomes
# `Inventory.take(pid, qty)`, and so on.
#
# Prints `true`, `false`, `12`.

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
