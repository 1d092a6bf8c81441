type Cmd do
  Move(Int, Int)
  Halt
end deriving(Json)

fn main() do
  println(Json.encode(Move(2, -1)))
  println(Json.encode(Halt))
end
