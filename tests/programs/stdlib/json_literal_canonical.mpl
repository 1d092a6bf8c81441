fn main() do
  let memo :: Option<String> = None
  let body = json { status: "ok", count: 42, memo: memo, ratio: 0.5, tags: ["new"] }
  println(body)
  let nested = json { inner: json { b: 1, a: 2 }, text: "{\"raw\":1}" }
  println(nested)
  println(json {})
  println(Json.encode(body))
  case Json.parse(body) do
    Ok(j) -> println(Json.encode(j))
    Err(e) -> println(e)
  end
end
