pub fn handle_list_todos(_request :: Request) -> Response do
  HTTP.response(200, "todos")
end

fn handle_secret(_request :: Request) -> Response do
  HTTP.response(200, "secret")
end
