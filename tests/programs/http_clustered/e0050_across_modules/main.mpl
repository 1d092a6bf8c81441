import Api.Items
from Api.Items import list_items

fn main() do
  let r = Items.routes()
    |> HTTP.on_get("/items/again", HTTP.clustered(1, list_items))
  println("unreachable")
end
