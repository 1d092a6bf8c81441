interface Measured do
  fn length(self) -> Int
end

impl Measured for String do
  fn length(self) -> Int do
    99
  end
end

interface Loud do
  fn shout(self) -> String
end

impl Loud for Int do
  fn shout(self) -> String do
    "int #{self}"
  end
end

struct Op do
  apply :: Fun(Int) -> Int
  name :: String
end

fn main() do
  println("#{"abc".length()} #{String.length("abc")}")
  let n = 7
  println("#{n.shout()} #{[1, 2].length()}")
  let op = Op { apply: fn x -> x * 3 end, name: "triple" }
  println("#{op.apply(4)} #{op.name.length()}")
end
