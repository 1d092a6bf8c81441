struct Account do
  owner :: String
  balance :: Int
end deriving(Display)

fn main() do
  let a = Account { balance: 5, owner: "lee" }
  let b = %{a | balance: 50}
  let c = %{b | owner: "max", balance: 0}
  println("#{a} #{b} #{c}")
  println("#{a.owner} #{c.balance}")
end
