# Server for tests/integration/test_http_hardening.py (issue 13: hostile clients).
# HTTP on PORT, a `Ws.serve` room on WS_PORT (0 = any free port; the readiness lines show
# the real ones). Every WebSocket client joins the room "room"; each message a member sends
# is broadcast to the whole room from that member's process, so a broadcast that waits on a
# slow member stalls the sender and, through it, everyone else.

fn grow(s :: String, n :: Int) -> String do
  if n == 0 do s else grow(s <> s, n - 1) end
end

fn qs(request :: Request) -> Response do
  let a = case Request.query(request, "a") do
    Some(v) -> v
    None -> "<none>"
  end
  HTTP.response(200, "a=" <> a)
end

fn upload(request :: Request) -> Response do
  HTTP.response(200, "#{String.length(Request.body(request))}")
end

# WebSocket route on the HTTP port (spec 06 §2.4): members of "live" get what POST /say
# broadcasts, from the HTTP handler's process.
fn live(ws :: Int) do
  let _ = Ws.join(ws, "live")
  let _ = Ws.send(ws, "joined")
  Ws.loop(ws)
end

fn say(request :: Request) -> Response do
  let failed = Ws.broadcast("live", Request.body(request))
  HTTP.response(200, "failed=#{failed}")
end

fn ws_open(conn :: Int, _path :: String, _headers :: Map<String, String>) -> Int do
  let _ = Ws.join(conn, "room")
  conn
end

fn ws_message(_conn :: Int, text :: String) do
  let _ = Ws.broadcast("room", text)
  ()
end

fn ws_gone(conn :: Int, code :: Int, reason :: String) do
  println("ws closed #{conn} #{code} #{reason}")
end

fn main() do
  let port = Env.get_int("PORT", 0)
  let ws_port = Env.get_int("WS_PORT", 0)
  Ws.serve(ws_open, ws_message, ws_gone, ws_port)
  let big = grow("x", 16)
  let huge = grow("y", 22)
  let r = HTTP.router()
    |> HTTP.on_get("/text", fn(_r) do HTTP.response(200, "hello") end)
    |> HTTP.on_get("/big", fn(_r) do HTTP.response(200, big) end)
    |> HTTP.on_get("/huge", fn(_r) do HTTP.response(200, huge) end)
    |> HTTP.route("/qs", qs)
    |> HTTP.on_post("/upload", upload)
    |> HTTP.on_post("/say", say)
    |> HTTP.on_websocket("/live", live)
  HTTP.serve(r, port)
end
