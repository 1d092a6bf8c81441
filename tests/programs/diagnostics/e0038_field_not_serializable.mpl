struct Job do
  worker :: Pid
  name :: String
end deriving(Json)

type Holder do
  HasPid(Pid)
end deriving(Json)

fn main() do
  println("unreachable")
end
