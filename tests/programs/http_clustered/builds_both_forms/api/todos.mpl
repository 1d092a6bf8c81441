pub fn handle_list_todos(_request :: Request) -> Response do
  HTTP.response(200, "todos")
end

pub fn handle_create_todo(request :: Request) -> Response do
  HTTP.response(201, Request.body(request))
end
