# HTTPS and WSS server for tests/integration/test_http_tls.py.
# TLS_CERT / TLS_KEY are PEM paths; PORT and WS_PORT (0 = any free port).

fn hello(request :: Request) -> Response do
  HTTP.response(200, "secure " <> Request.path(request))
end

# 4 MiB answer for the write-timeout test in test_http_hardening.py
fn grow(s :: String, n :: Int) -> String do
  if n == 0 do s else grow(s <> s, n - 1) end
end

fn ws_open(conn :: Int, _path :: String, _headers :: Map<String, String>) -> Int do
  conn
end

fn ws_message(conn :: Int, text :: String) do
  let _ = Ws.send(conn, "tls:" <> text)
  ()
end

fn ws_gone(_conn :: Int, _code :: Int, _reason :: String) do
  ()
end

fn main() do
  let cert = Env.get("TLS_CERT")
  let key = Env.get("TLS_KEY")
  Ws.serve_tls(ws_open, ws_message, ws_gone, Env.get_int("WS_PORT", 0), cert, key)
  let huge = grow("y", 22)
  let r = HTTP.router()
    |> HTTP.on_get("/hello/*", hello)
    |> HTTP.on_get("/huge", fn(_r) do HTTP.response(200, huge) end)
  HTTP.serve_tls(r, Env.get_int("PORT", 0), cert, key)
  # reached only when the certificates could not be loaded or binding failed
  println("serve_tls returned")
end
