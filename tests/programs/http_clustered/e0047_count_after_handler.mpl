pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(handler, 2))
  println("unreachable")
end
