fn main() do
  fn inner(request :: Request) -> Response do
    HTTP.response(200, "hi")
  end
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(inner))
  println("unreachable")
end
