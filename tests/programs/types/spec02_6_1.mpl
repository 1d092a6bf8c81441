struct Account do
  owner :: String
  balance :: Int
end deriving(Eq, Display)

fn deposit(acct :: Account, amount :: Int) -> Account do
  %{acct | balance: acct.balance + amount}
end

fn main() do
  let a = Account { owner: "kim", balance: 10 }
  let b = deposit(a, 5)
  println("#{b}")
  println("#{a == b}")
end
