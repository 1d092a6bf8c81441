pub fn list_items(_request :: Request) -> Response do
  HTTP.response(200, json { items: 0 })
end

pub fn show_item(request :: Request) -> Response do
  case Request.param(request, "id") do
    Some(id) -> HTTP.response(200, "item ${id}")
    None -> HTTP.response(404, "no id")
  end
end
