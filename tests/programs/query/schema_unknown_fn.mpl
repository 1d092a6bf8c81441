struct User do
  name :: String
end deriving(Schema)

fn main() do
  println(User.__nmae_col__())
end
