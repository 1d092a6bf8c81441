struct Part do
  sku :: String
  qty :: Int
end deriving(Json)

struct Order do
  id :: Int
  parts :: List<Part>
  note :: Option<String>
end deriving(Json)

type Cmd do
  Move(Int, Int)
  Halt
end deriving(Json)

fn main() do
  case Order.from_json("{\"id\":1,\"parts\":[{\"sku\":\"a\",\"qty\":2}],\"note\":null}") do
    Ok(o) -> println(Json.encode(o))
    Err(e) -> println(e)
  end
  case Order.from_json("{\"id\":2,\"parts\":{}}") do
    Ok(o) -> println(Json.encode(o))
    Err(e) -> println(e)
  end
  case Cmd.from_json("{\"tag\":\"Move\",\"fields\":[1,2]}") do
    Ok(c) -> println(Json.encode(c))
    Err(e) -> println(e)
  end
  case Cmd.from_json("{\"tag\":\"Jump\",\"fields\":[]}") do
    Ok(c) -> println(Json.encode(c))
    Err(e) -> println(e)
  end
  println(Part { sku: "x", qty: 1 }.to_json())
end
