from Api.Todos import handle_secret

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/secret", HTTP.clustered(handle_secret))
  println("unreachable")
end
