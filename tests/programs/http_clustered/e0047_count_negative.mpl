pub fn handler(_request :: Request) -> Response do
  HTTP.response(200, "ok")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_delete("/x", HTTP.clustered(-1, handler))
  println("unreachable")
end
