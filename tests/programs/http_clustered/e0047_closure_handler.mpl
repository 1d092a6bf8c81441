fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/x", HTTP.clustered(1, fn request -> HTTP.response(200, "hi") end))
  println("unreachable")
end
