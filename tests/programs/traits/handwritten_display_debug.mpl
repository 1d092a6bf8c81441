struct Money do
  cents :: Int
end deriving(Eq)

impl Display for Money do
  fn to_string(self) -> String do
    "$#{self.cents / 100}.#{self.cents % 100}"
  end
end

impl Debug for Money do
  fn inspect(self) -> String do
    "Money<#{self.cents}>"
  end
end

struct Wallet do
  owner :: String
  cash :: Money
end deriving(Display, Debug)

struct Secret do
  code :: Int
end deriving(Eq)

impl Debug for Secret do
  fn inspect(self) -> String do
    "Secret(***)"
  end
end

type Color do
  Red
  Custom(Int)
end deriving()

impl Display for Color do
  fn to_string(self) -> String do
    case self do
      Red -> "red"
      Custom(n) -> "custom-#{n}"
    end
  end
end

fn main() do
  let m = Money { cents: 250 }
  println("#{m}")
  println(m.to_string())
  println(m.inspect())
  println("#{[m, Money { cents: 199 }]}")
  let w = Wallet { owner: "kim", cash: m }
  println("#{w}")
  println(w.inspect())
  let s = Secret { code: 1234 }
  println("#{s}")
  println(s.inspect())
  println("#{Red} #{Custom(7)}")
  println(String.from(m))
  println("#{Some(m)}")
end
