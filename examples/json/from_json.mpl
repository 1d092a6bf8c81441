# Spec 05 §6.6 (decoding with `from_json`): a struct deriving Json gets
# `T.from_json(text) -> T!String`; a missing field or a value of the wrong type
# is an `Err` with a short message.

struct Slot do
  label :: String
  size :: Int
end deriving(Json)

fn main() do
  case Slot.from_json("{\"label\":\"C-1\"}") do
    Ok(s) -> println(s.label)
    Err(e) -> println(e)   # missing field: size
  end
  case Slot.from_json("{\"label\":\"C-2\",\"size\":\"big\"}") do
    Ok(s) -> println(s.label)
    Err(e) -> println(e)   # expected Int
  end
end
