struct User do
  name :: String
end deriving(Row)

fn main() do
  println(User.__table__())
end
