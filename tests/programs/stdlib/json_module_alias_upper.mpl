fn main() do
  println(JSON.encode(json { b: 1, a: true }))
  println(JSON.encode([1, 2]))
  case JSON.parse("{\"x\": [1, 2.0]}") do
    Ok(doc) -> println(JSON.encode(doc))
    Err(e) -> println(e)
  end
  println(JSON.get("{\"k\":\"v\"}", "k"))
end
