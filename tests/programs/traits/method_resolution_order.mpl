interface Sized do
  fn length(self) -> Int
end

impl Sized for String do
  fn length(self) -> Int do
    99
  end
end

interface Runner do
  fn run(self, n :: Int) -> Int
end

struct Op do
  name :: String
  run :: Fun(Int) -> Int
end deriving()

impl Runner for Op do
  fn run(self, n :: Int) -> Int do
    0 - n
  end
end

type Token do
  Num(Int)
  Eof
end deriving(Display)

fn main() do
  # 1. a stdlib module name: the module function, not the trait method
  println("#{String.length("abc")}")
  # 6 before 7: a trait impl on String beats the stdlib method fallback
  println("#{"abc".length()}")
  # 5 before 6: a struct field of function type beats the trait method
  let op = Op { name: "double", run: fn x -> x * 2 end }
  println("#{op.run(5)}")
  # explicit trait dispatch reaches the impl
  println("#{Runner.run(op, 5)}")
  # 3. a sum type name followed by one of its variants
  println("#{Token.Num(3)} #{Token.Eof}")
  # 7. stdlib fallback for List receivers
  println("#{[3, 1, 2].reverse()}")
end
