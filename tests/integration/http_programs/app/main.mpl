# Integration-test server for tests/integration/test_http_programs.py.
# Port from PORT (0 = any free port; the readiness line shows the real one).

service Counter do
  fn init(start :: Int) -> Int do
    start
  end

  call Incr(by :: Int) :: Int do |n|
    (n + by, n + by)
  end

  call Value() :: Int do |n|
    (n, n)
  end
end

# Per-request trace of the middleware chain, keyed by the X-Req-Id header.
service Trace do
  fn init() -> Map<String, String> do
    %{}
  end

  call Add(id :: String, tag :: String) :: Int do |m|
    # Map.has_key guard: Map.get of a missing key panics today (see the test module)
    let next = if Map.has_key(m, id) do Map.get(m, id) <> "," <> tag else tag end
    (Map.put(m, id, next), 0)
  end

  call Read(id :: String) :: String do |m|
    (m, if Map.has_key(m, id) do Map.get(m, id) else "" end)
  end
end

fn req_id(request :: Request) -> String do
  case Request.header(request, "X-Req-Id") do
    Some(v) -> v
    None -> ""
  end
end

fn opt(o :: Option<String>) -> String do
  case o do
    Some(v) -> v
    None -> "<none>"
  end
end

fn text(_request) do
  HTTP.response(200, "hello")
end

fn user(request :: Request) -> Response do
  let id = opt(Request.param(request, "id"))
  HTTP.response(200, json { id: id, path: Request.path(request) })
end

fn user_post(request :: Request) -> Response do
  let uid = opt(Request.param(request, "uid"))
  let pid = opt(Request.param(request, "pid"))
  HTTP.response(200, "user=#{uid} post=#{pid}")
end

fn query(request :: Request) -> Response do
  let a = opt(Request.query(request, "a"))
  let b = opt(Request.query(request, "b"))
  let c = opt(Request.query(request, "c"))
  HTTP.response(200, "a=#{a};b=#{b};c=#{c}")
end

fn header(request :: Request) -> Response do
  HTTP.response(200, opt(Request.header(request, "X-Thing")))
end

fn echo(request :: Request) -> Response do
  let body = Request.body(request)
  HTTP.response(200, "#{Request.method(request)}:#{String.length(body)}:#{body}")
end

fn any_method(request :: Request) -> Response do
  HTTP.response(200, "any:" <> Request.method(request))
end

fn with_headers(_request :: Request) -> Response do
  HTTP.response_with_headers(201, "created", %{"X-One" => "1", "X-Two" => "two"})
end

fn html(_request :: Request) -> Response do
  HTTP.response_with_headers(200, "<h1>hi</h1>", %{"content-type" => "text/html; charset=utf-8"})
end

fn conflict(_request :: Request) -> Response do
  HTTP.response(409, "taken")
end

fn unprocessable(_request :: Request) -> Response do
  HTTP.response(422, "nope")
end

fn no_content(_request :: Request) -> Response do
  HTTP.response(204, "ignored body")
end

fn json_brace(_request :: Request) -> Response do
  HTTP.response(200, Json.encode({status: "connected", n: 3}))
end

fn json_literal(_request :: Request) -> Response do
  let tags = ["a", "b"]
  let memo :: Option<String> = None
  HTTP.response(200, json { ok: true, tags: tags, memo: memo, nested: json { x: 1.5 } })
end

fn boom(_request :: Request) -> Response do
  panic("boom from handler")
end

fn divide(request :: Request) -> Response do
  let d = case String.to_int(opt(Request.query(request, "d"))) do
    Some(n) -> n
    None -> 0
  end
  HTTP.response(200, "#{100 / d}")
end

fn static_files(request :: Request) -> Response do
  HTTP.response(200, "static:" <> Request.path(request) <> ":" <> opt(Request.param(request, "x")))
end

fn only_post(_request :: Request) -> Response do
  HTTP.response(200, "posted")
end

# WebSocket route on the HTTP port. `Ws.receive` cannot be written (spec 01 §2.3 only
# allows seven keywords after `.`), so this route joins a room and the test drives it
# through HTTP (`POST /say` broadcasts the body to the room).
fn ws_live(ws :: Int) do
  let _ = Ws.join(ws, "live")
  let _ = Ws.send(ws, Json.encode({status: "connected", conn_ok: ws > 0}))
  Ws.loop(ws)
end

fn say(request :: Request) -> Response do
  let failed = Ws.broadcast("live", Request.body(request))
  HTTP.response(200, "failed=#{failed}")
end

# Callback-model echo server (spec 06 §2.1) on WS_PORT.
fn ws_open(conn :: Int, path :: String, headers :: Map<String, String>) -> Int do
  if String.starts_with(path, "/echo") do
    conn
  else
    0
  end
end

fn ws_message(conn :: Int, text :: String) do
  if text == "crash" do
    panic("ws callback crash")
  else
    let _ = Ws.send(conn, "echo:" <> text)
    ()
  end
end

fn ws_gone(_conn :: Int, code :: Int, _reason :: String) do
  println("ws closed #{code}")
end

fn main() do
  let port = Env.get_int("PORT", 0)
  let ws_port = Env.get_int("WS_PORT", 0)
  Ws.serve(ws_open, ws_message, ws_gone, ws_port)
  let counter = Counter.start(0)
  let trace = Trace.start()

  # first added = outermost
  let outer = fn(request :: Request, next) do
    let id = req_id(request)
    let _ = Trace.add(trace, id, "outer-in")
    case Request.header(request, "X-Block") do
      Some("outer") -> HTTP.response(401, "blocked by outer")
      _ -> do
        let resp = next(request)
        let _ = Trace.add(trace, id, "outer-out")
        resp
      end
    end
  end

  let inner = fn(request :: Request, next) do
    let id = req_id(request)
    let _ = Trace.add(trace, id, "inner-in")
    case Request.header(request, "X-Block") do
      Some("inner") -> HTTP.response(403, "blocked by inner")
      _ -> do
        let resp = next(request)
        let _ = Trace.add(trace, id, "inner-out")
        resp
      end
    end
  end

  let traced = fn(request :: Request) do
    let _ = Trace.add(trace, req_id(request), "handler")
    HTTP.response(200, "traced")
  end

  let show_trace = fn(request :: Request) do
    HTTP.response(200, Trace.read(trace, opt(Request.param(request, "id"))))
  end

  let count = fn(request :: Request) do
    let by = case String.to_int(Request.body(request)) do
      Some(n) -> n
      None -> 1
    end
    let n = Counter.incr(counter, by)
    HTTP.response(200, json { count: n })
  end

  let count_value = fn(_request :: Request) do
    HTTP.response(200, "#{Counter.value(counter)}")
  end

  let r = HTTP.router()
    |> HTTP.use(outer)
    |> HTTP.on_get("/text", text)
    |> HTTP.on_get("/users/:id", user)
    |> HTTP.on_get("/users/:uid/posts/:pid", user_post)
    |> HTTP.on_get("/query", query)
    |> HTTP.on_get("/header", header)
    |> HTTP.on_post("/echo", echo)
    |> HTTP.route("/any", any_method)
    |> HTTP.on_get("/item", fn(_r) -> HTTP.response(200, "get") end)
    |> HTTP.on_post("/item", fn(_r) -> HTTP.response(200, "post") end)
    |> HTTP.on_put("/item", fn(_r) -> HTTP.response(200, "put") end)
    |> HTTP.on_delete("/item", fn(_r) -> HTTP.response(200, "delete") end)
    |> HTTP.on_patch("/item", fn(_r) -> HTTP.response(200, "patch") end)
    |> HTTP.on_get("/with-headers", with_headers)
    |> HTTP.on_get("/html", html)
    |> HTTP.on_get("/conflict", conflict)
    |> HTTP.on_get("/unprocessable", unprocessable)
    |> HTTP.on_get("/no-content", no_content)
    |> HTTP.on_get("/json/brace", json_brace)
    |> HTTP.on_get("/json/literal", json_literal)
    |> HTTP.on_get("/panic", boom)
    |> HTTP.on_get("/divide", divide)
    |> HTTP.on_get("/static/*", static_files)
    |> HTTP.on_post("/only-post", only_post)
    |> HTTP.on_get("/traced", traced)
    |> HTTP.on_get("/trace/:id", show_trace)
    |> HTTP.on_post("/count", count)
    |> HTTP.on_get("/count", count_value)
    |> HTTP.on_post("/say", say)
    |> HTTP.on_websocket("/live", ws_live)
    |> HTTP.use(inner)
  HTTP.serve(r, port)
end
