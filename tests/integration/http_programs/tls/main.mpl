# HTTPS and WSS server for tests/integration/test_http_tls.py.
# TLS_CERT / TLS_KEY are PEM paths; PORT and WS_PORT (0 = any free port).

fn hello(request :: Request) -> Response do
  HTTP.response(200, "secure " <> Request.path(request))
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
  let r = HTTP.router() |> HTTP.on_get("/hello/*", hello)
  HTTP.serve_tls(r, Env.get_int("PORT", 0), cert, key)
  # reached only when the certificates could not be loaded or binding failed
  println("serve_tls returned")
end
