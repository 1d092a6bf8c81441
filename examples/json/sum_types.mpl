# Spec 05 §6.5 (`deriving(Json)` on sum types): a variant encodes as an object
# with its tag and its positional fields.

type Cmd do
  Move(Int, Int)
  Halt
end deriving(Json)

fn main() do
  println(Json.encode(Move(2, -1)))   # {"fields":[2,-1],"tag":"Move"}
  println(Json.encode(Halt))          # {"fields":[],"tag":"Halt"}
end
