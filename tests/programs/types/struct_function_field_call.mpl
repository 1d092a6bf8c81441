struct Op do
  name :: String
  run :: Fun(Int) -> Int
end deriving()

fn main() do
  let double = Op { name: "double", run: fn x -> x * 2 end }
  println("#{double.name} #{double.run(21)}")
end
