fn show(r :: Result<Json, String>) -> String do
  case r do
    Ok(j) -> "Ok #{j}"
    Err(e) -> "Err #{e}"
  end
end

fn main() do
  println(show(Json.parse(" { \"b\" : [ 1 , 2.5 , true , null ] ,\n \"a\" : \"x/y\" } ")))
  println(show(Json.parse("{\"k\":1,\"k\":2}")))
  println(show(Json.parse("42")))
  println(show(Json.parse("  \"hi\"  ")))
  println(show(Json.parse("true")))
  println(show(Json.parse("null")))
  println(show(Json.parse("[]")))
  println(show(Json.parse("{}")))
  println(show(Json.parse("\"\\u00e9\\n\\t\\/\\u0001\\ud83d\\ude00\"")))
  println(show(Json.parse("{\"é\":1,\"z\":2,\"Z\":3,\"a\":4}")))
  println(show(json_parse("[1]")))
end
