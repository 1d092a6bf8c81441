pub fn socket(conn :: Int) -> Int do
  conn
end

fn main() do
  let r = HTTP.router() |> HTTP.on_websocket("/ws", HTTP.clustered(socket))
  println("unreachable")
end
