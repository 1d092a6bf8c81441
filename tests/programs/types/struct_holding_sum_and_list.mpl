type Status do
  Active
  Banned(String)
end deriving(Display)

struct User do
  name :: String
  status :: Status
  scores :: List<Int>
end deriving(Display)

fn main() do
  let u = User { name: "ann", status: Banned("spam"), scores: [3, 4] }
  let v = %{u | status: Active}
  println("#{u}")
  println("#{v}")
  let users = [u, v]
  println("#{List.length(users)}")
end
