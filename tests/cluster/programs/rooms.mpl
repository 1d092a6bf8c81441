# Two nodes, each serving a WebSocket room on its own HTTP port (spec 06 §2.3): a broadcast
# on one node reaches the room's members on every connected node, once.
fn chat(ws) do
  let _ = Ws.join(ws, "lobby")
  let _ = Ws.send(ws, "joined")
  chat_loop(ws)
end

fn chat_loop(ws) do
  case Ws.receive(ws) do
    Some(text) -> relay(ws, text)
    None -> ()
  end
end

fn relay(ws, text) do
  let _ = Ws.broadcast("lobby", "#{Node.self()}: #{text}")
  chat_loop(ws)
end

fn main() do
  let _ = Node.start(Env.get("SELF", ""), Env.get("COOKIE", ""))
  let peer = Env.get("PEER", "")
  if peer != "" do
    println("connect #{Node.connect(peer)}")
  else
    println("started")
  end
  let router = HTTP.router() |> HTTP.on_websocket("/chat", chat)
  HTTP.serve(router, Env.get_int("PORT", 0))
end
