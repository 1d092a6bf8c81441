import Api.Todos

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/secret", HTTP.clustered(1, Todos.handle_secret))
  println("unreachable")
end
