# Integration-test server for tests/integration/test_http_{routing,middleware,connections,
# websockets}.py (also driven by test_http_limits.py and test_http_fuzz.py).
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

# Parks /gate/wait handlers until POST /gate/open (test_connections_are_served_concurrently):
# the test observes "four handlers run at once" as a count, not as a timing.
service Gate do
  fn init() -> List<Pid> do
    []
  end

  call Join(who :: Pid) :: Int do |waiting|
    let now = [who] ++ waiting
    (now, List.length(now))
  end

  call Count() :: Int do |waiting|
    (waiting, List.length(waiting))
  end

  call Release() :: List<Pid> do |waiting|
    ([], waiting)
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

# The handler of spec 06 §1.1, verbatim (unannotated parameter).
fn shout(request) do
  let who = case Request.param(request, "name") do
    Some(n) -> n
    None -> "nobody"
  end
  HTTP.response(200, json { greeting: String.to_upper(who) })
end

fn bad_status(_request :: Request) -> Response do
  HTTP.response(700, "weird")
end

fn status_101(_request :: Request) -> Response do
  HTTP.response(101, "switching?")
end

fn crlf_header(_request :: Request) -> Response do
  HTTP.response_with_headers(200, "x", %{"X-Evil" => "a\r\nInjected: yes"})
end

fn user_framing(_request :: Request) -> Response do
  HTTP.response_with_headers(200, "abc", %{"Content-Length" => "99", "Connection" => "close", "Transfer-Encoding" => "chunked", "X-Ok" => "1"})
end

# Each connection is one process: the pid is stable across keep-alive requests.
fn whoami(_request :: Request) -> Response do
  HTTP.response(200, "#{self()}")
end

fn sleepy(request :: Request) -> Response do
  let ms = case String.to_int(opt(Request.query(request, "ms"))) do
    Some(n) -> n
    None -> 300
  end
  Timer.sleep(ms)
  HTTP.response(200, "slept #{ms}")
end

# Leaves a message in the connection process's mailbox; the runtime clears it before
# the next request (docs/internals/http-contract.md).
fn mbox_leave(_request :: Request) -> Response do
  send(self(), ())
  HTTP.response(200, "left")
end

fn mbox_check(_request :: Request) -> Response do
  let got = receive do
    () -> "leftover"
  after 50 -> "clean" end
  HTTP.response(200, got)
end

# Spec 03: Map.get of a missing key is "" when the value type is String.
fn map_get_missing(_request :: Request) -> Response do
  let m :: Map<String, String> = %{}
  HTTP.response(200, "[" <> Map.get(m, "missing") <> "]")
end

# Middleware with unannotated parameters and an annotated result (spec 06 §1.6).
fn probe_gate(request, next) -> Response do
  case Request.header(request, "X-Crash") do
    Some(_) -> panic("middleware boom")
    None -> do
      case Request.header(request, "X-Param-Probe") do
        Some(_) -> HTTP.response(200, "param=" <> opt(Request.param(request, "id")))
        None -> next(request)
      end
    end
  end
end

fn ws_crash(ws :: Int) do
  let _ = Ws.send(ws, "about to crash")
  panic("ws handler boom")
end

fn ws_return(ws :: Int) do
  let _ = Ws.send(ws, "bye")
  ()
end

fn ws_close_twice(ws :: Int) do
  let a = Ws.close(ws)
  let b = Ws.close(ws)
  let c = Ws.send(ws, "late")
  println("ws close results #{a} #{b} #{c}")
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
# Header names arrive lower-cased (spec 06 §2.1).
fn ws_open(conn :: Int, path :: String, headers :: Map<String, String>) -> Int do
  if String.starts_with(path, "/echo") and not Map.has_key(headers, "x-reject") do
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
  let gate = Gate.start()

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

  let gate_wait = fn(_request :: Request) do
    let _ = Gate.join(gate, self())
    let got = receive do
      "open" -> "opened"
    after 120000 -> "the gate never opened" end
    HTTP.response(200, got)
  end

  let gate_count = fn(_request :: Request) do
    HTTP.response(200, "#{Gate.count(gate)}")
  end

  let gate_open = fn(_request :: Request) do
    let waiting = Gate.release(gate)
    for p in waiting do
      send(p, "open")
    end
    HTTP.response(200, "#{List.length(waiting)}")
  end

  let r = HTTP.router()
    |> HTTP.use(outer)
    |> HTTP.on_get("/text", text)
    |> HTTP.on_get("/users/:id", user)
    |> HTTP.on_get("/users/:uid/posts/:pid", user_post)
    |> HTTP.on_get("/users/me", fn(_r) do HTTP.response(200, "exact me") end)
    |> HTTP.on_get("/files/*", fn(_r) do HTTP.response(200, "files wildcard") end)
    |> HTTP.on_get("/files/:name", fn(r) do HTTP.response(200, "file " <> opt(Request.param(r, "name"))) end)
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
    |> HTTP.on_get("/shout/:name", shout)
    |> HTTP.on_get("/bad-status", bad_status)
    |> HTTP.on_get("/status-101", status_101)
    |> HTTP.on_get("/crlf-header", crlf_header)
    |> HTTP.on_get("/user-framing", user_framing)
    |> HTTP.on_get("/whoami", whoami)
    |> HTTP.on_get("/sleepy", sleepy)
    |> HTTP.on_get("/gate/wait", gate_wait)
    |> HTTP.on_get("/gate/count", gate_count)
    |> HTTP.on_post("/gate/open", gate_open)
    |> HTTP.on_get("/mbox/leave", mbox_leave)
    |> HTTP.on_get("/mbox/check", mbox_check)
    |> HTTP.on_get("/map-get-missing", map_get_missing)
    |> HTTP.use(probe_gate)
    |> HTTP.on_websocket("/ws/crash", ws_crash)
    |> HTTP.on_websocket("/ws/return", ws_return)
    |> HTTP.on_websocket("/ws/close-twice", ws_close_twice)
  HTTP.serve(r, port)
  # reached only when binding failed
  println("serve returned")
end
