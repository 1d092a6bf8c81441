pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_patch("/x", HTTP.clustered(2.0, handler))
  println("unreachable")
end
