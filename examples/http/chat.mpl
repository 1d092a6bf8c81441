# Spec 06 §2.1 (WebSocket callback server): `Ws.serve` takes three callbacks
# and a port, starts its accept loop in the background and returns at once, so
# the program then serves HTTP (or blocks) itself. Every client that opens
# /chat joins the "lobby" room; each text it sends is relayed to the others.
#
#   WS_PORT=9100 PORT=9101 mesh run examples/http/chat.mpl
#   websocat ws://localhost:9100/chat        (in two terminals; type in one)
#
# The spec example uses the ports 9100 (WebSocket) and 9101 (HTTP); here
# WS_PORT and PORT override them.

fn on_open(conn, path, _headers) do
  if String.starts_with(path, "/chat") do
    let _ = Ws.join(conn, "lobby")
    conn
  else
    0
  end
end

fn on_text(conn, text) do
  let _ = Ws.broadcast_except("lobby", text, conn)
  println("relayed #{String.length(text)} bytes")
end

fn on_gone(_conn, code, _reason) do
  println("closed with #{code}")
end

fn main() do
  Ws.serve(on_open, on_text, on_gone, Env.get_int("WS_PORT", 9100))
  HTTP.serve(HTTP.router(), Env.get_int("PORT", 9101))
end
