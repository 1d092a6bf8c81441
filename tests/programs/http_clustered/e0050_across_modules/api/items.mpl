# The first use of `list_items` (this module is checked before main.mpl) fixes N = 2.
pub fn list_items(_request :: Request) -> Response do
  HTTP.response(200, "items")
end

pub fn routes() -> Router do
  HTTP.router() |> HTTP.on_get("/items", HTTP.clustered(list_items))
end
