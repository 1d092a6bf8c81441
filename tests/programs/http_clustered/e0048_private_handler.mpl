fn hidden(_request :: Request) -> Response do
  HTTP.response(200, "hidden")
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(1, hidden))
  println("unreachable")
end
