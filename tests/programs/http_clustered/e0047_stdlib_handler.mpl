fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(1, Request.body))
  println("unreachable")
end
