# Spec 05 §6.3 (`json { ... }` literals): any JSON-encodable value may appear in
# a literal, including structs deriving Json, Options (None is null), floats
# and lists. Objects are printed with sorted keys.

struct Part do
  sku :: String
  qty :: Int
end deriving(Json)

fn main() do
  let part = Part { sku: "B-7", qty: 3 }
  let memo :: Option<String> = None
  let body = json { part: part, memo: memo, ratio: 0.5, tags: ["new"] }
  println(body)
  # {"memo":null,"part":{"qty":3,"sku":"B-7"},"ratio":0.5,"tags":["new"]}
end
