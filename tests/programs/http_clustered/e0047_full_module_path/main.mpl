import Api.Todos

fn main() do
  let r = HTTP.router()
    |> HTTP.on_get("/todos", HTTP.clustered(Api.Todos.handle_list_todos))
  println("unreachable")
end
