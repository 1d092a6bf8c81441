# Spec 05 §6.4 (Json module): read fields straight from JSON text with
# `Json.get` / `Json.get_nested` (missing fields give ""), or parse a whole
# document and encode it again in canonical form (sorted keys).

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
