# Server for tests/integration/test_json_http.py (issue 13 item 5): POST /parse answers
# 200 with the canonical text's length, or 400 with Json.parse's error text.

fn parse(request :: Request) -> Response do
  case Json.parse(Request.body(request)) do
    Ok(doc) -> HTTP.response(200, "ok #{String.length(Json.encode(doc))}")
    Err(e) -> HTTP.response(400, e)
  end
end

fn main() do
  let port = Env.get_int("PORT", 0)
  let r = HTTP.router()
    |> HTTP.on_get("/ping", fn(_r) do HTTP.response(200, "pong") end)
    |> HTTP.on_post("/parse", parse)
  HTTP.serve(r, port)
end
