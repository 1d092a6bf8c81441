fn main() do
  let payload = "{\"user\":{\"name\":\"Ada\",\"age\":36},\"ok\":true}"
  println(Json.get_nested(payload, "user", "name"))   # Ada
  println(Json.get(payload, "ok"))                    # true
  println(Json.get(payload, "missing"))               # (empty line)
  case Json.parse(payload) do
    Ok(doc) -> println(Json.encode(doc))   # {"ok":true,"user":{"age":36,"name":"Ada"}}
    Err(e) -> println(e)
  end
end
