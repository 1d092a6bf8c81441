struct Part do
  sku :: String
  qty :: Int
end deriving(Json)

fn main() do
  let part = Part { sku: "B-7", qty: 3 }
  let memo :: Option<String> = None
  let body = json { part: part, memo: memo, ratio: 0.5, tags: ["new"] }
  println(body)
end
