pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/a", HTTP.clustered(1, handler))
    |> HTTP.on_post("/a", HTTP.clustered(1, handler))
    |> HTTP.on_put("/a", HTTP.clustered(handler))
  println("unreachable")
end
