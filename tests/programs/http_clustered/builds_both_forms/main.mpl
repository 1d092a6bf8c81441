# Both forms of HTTP.clustered (spec 06 §1.9, 07 §11.6) type-check and build: bare and
# module-qualified handlers, imported and local, every route registration function.
import Api.Todos
from Api.Items import list_items, show_item

pub fn list_reports(_request :: Request) -> Response do
  HTTP.response(200, json { reports: 0 })
end

# Unannotated: its type is inferred as Fun(Request) -> Response.
pub fn echo(request) do
  HTTP.response(200, Request.body(request))
end

pub fn build_router() do
  HTTP.router()
    |> HTTP.on_get("/reports", HTTP.clustered(1, list_reports))
    |> HTTP.on_get("/items", HTTP.clustered(list_items))
    |> HTTP.on_get("/items/all", HTTP.clustered(2, list_items))
    |> HTTP.on_get("/items/:id", HTTP.clustered(1, show_item))
    |> HTTP.on_get("/todos", HTTP.clustered(1, Todos.handle_list_todos))
    |> HTTP.on_post("/todos", HTTP.clustered(Todos.handle_create_todo))
    |> HTTP.on_put("/echo", HTTP.clustered(3, echo))
    |> HTTP.on_delete("/echo", HTTP.clustered(3, echo))
    |> HTTP.on_patch("/echo", HTTP.clustered(3, echo))
    |> HTTP.route("/later", HTTP.clustered(1, defined_later))
end

pub fn defined_later(_request :: Request) -> Response do
  HTTP.response(200, "later")
end

fn main() do
  let r = build_router()
  let direct = HTTP.on_get(HTTP.router(), "/direct", HTTP.clustered(1, list_reports))
  println("${r}")
  println("${direct}")
  println("built")
end
