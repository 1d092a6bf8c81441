pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get(HTTP.clustered(handler), handler)
  println("unreachable")
end
