# State kept by tail self-calls; requests carry the reply pid in a tuple.
actor bank(balance :: Int) do
  let next = receive do
    ("deposit", amount, _) -> balance + amount
    ("withdraw", amount, _) -> balance - amount
    ("balance", _, reply_to) -> do
      send(reply_to, balance)
      balance
    end
  end
  bank(next)
end

fn main() do
  let b = spawn(bank, 100)
  let me = self()
  send(b, ("deposit", 50, me))
  send(b, ("withdraw", 30, me))
  send(b, ("balance", 0, me))
  let v = receive do
    n -> n + 0
  end
  println("balance #{v}")
end
