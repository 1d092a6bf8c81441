pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_put("/x", HTTP.clustered(0, handler))
  println("unreachable")
end
