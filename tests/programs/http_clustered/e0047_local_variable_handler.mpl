fn main() do
  let local = fn request -> HTTP.response(200, "hi") end
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(local))
  println("unreachable")
end
