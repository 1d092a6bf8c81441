pub fn handle_health(_request :: Request) -> Response do
  HTTP.response(200, json { status: "ok" })
end
