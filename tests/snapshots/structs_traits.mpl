# Structs, deriving, an interface with an impl, and struct update.
struct Account do
  owner :: String
  balance :: Int
end deriving(Eq, Display)

interface Describe do
  fn describe(self) -> String
end

impl Describe for Account do
  fn describe(self) -> String do
    "#{self.owner}: #{self.balance}"
  end
end

fn deposit(a :: Account, amount :: Int) -> Account do
  %{a | balance: a.balance + amount}
end

fn main() do
  let a = Account { owner: "kim", balance: 10 }
  let b = deposit(a, 5)
  println(b.describe())
  println("#{a == b}")
end
