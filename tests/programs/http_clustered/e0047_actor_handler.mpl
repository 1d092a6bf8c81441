actor worker() do
  receive do
    _ -> 0
  end
end

fn main() do
  let r = HTTP.router() |> HTTP.on_get("/x", HTTP.clustered(worker))
  println("unreachable")
end
