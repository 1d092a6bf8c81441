fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(Todos.list))
  println("unreachable")
end
