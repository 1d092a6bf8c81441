type Status do
  Active
  Banned(String)
end deriving(Debug)

struct User do
  name :: String
  status :: Status
end deriving(Debug)

fn main() do
  let u = User { name: "ann", status: Banned("spam") }
  let v = User { name: "bo", status: Active }
  println(u.inspect())
  println("#{v}")
end
