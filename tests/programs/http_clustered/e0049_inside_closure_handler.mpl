pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/x", fn request -> HTTP.clustered(handler)(request) end)
  println("unreachable")
end
