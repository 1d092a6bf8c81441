struct Slot do
  label :: String
  size :: Int
end deriving(Json)

fn main() do
  case Slot.from_json("{\"label\":\"C-1\"}") do
    Ok(s) -> println(s.label)
    Err(e) -> println(e)
  end
  case Slot.from_json("{\"label\":\"C-2\",\"size\":\"big\"}") do
    Ok(s) -> println(s.label)
    Err(e) -> println(e)
  end
end
