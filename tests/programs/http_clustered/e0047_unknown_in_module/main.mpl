import Api.Todos

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/todos", HTTP.clustered(Todos.handle_list_todo))
  println("unreachable")
end
