# The release-binary test program (tests/integration/test_release.py): one program, built
# once by Nuitka, whose ROLE environment variable picks what it does.
#
#   ROLE=server PORT=8080 DB_PATH=notes.sqlite3 ./app   HTTP + JSON, SQLite, a service,
#                                                      an actor, a WebSocket route, Timer
#   ROLE=node MESH_CLUSTER_COOKIE=... MESH_DISCOVERY_SEED=... [HTTP_PORT=P] ./app
#                                                      Node.start_from_env(), prints peers;
#                                                      @cluster startup work; with HTTP_PORT
#                                                      an HTTP.clustered route (N = 2)
#   ROLE=fib | loop | empty ./app                      bench/release.py: fib(30), a 1M-step
#                                                      tail loop (each timed inside the
#                                                      program), start-up only

service Counter do
  fn init(start :: Int) -> Int do
    start
  end

  call Incr(by :: Int) :: Int do |n|
    (n + by, n + by)
  end
end

actor shouter() do
  receive do
    (from, text) -> send(from, String.upcase(text))
  end
  shouter()
end

fn db_path() -> String do
  Env.get("DB_PATH", "notes.sqlite3")
end

fn health(_request :: Request) -> Response do
  HTTP.response(200, json { status: "ok", role: "server" })
end

fn text(_request :: Request) -> Response do
  HTTP.response(200, "hello")
end

fn add_note(request :: Request) -> Response do
  case insert_note(Request.body(request)) do
    Ok(id) -> HTTP.response(201, json { id: id })
    Err(why) -> HTTP.response(500, json { error: why })
  end
end

fn insert_note(body :: String) -> String!String do
  let db = Sqlite.open(db_path())?
  let rows = Sqlite.query(db, "INSERT INTO notes (body) VALUES (?) RETURNING id", [body])?
  Sqlite.close(db)
  Ok(Map.get(List.head(rows), "id"))
end

fn list_notes(_request :: Request) -> Response do
  case all_notes() do
    Ok(bodies) -> HTTP.response(200, json { notes: bodies })
    Err(why) -> HTTP.response(500, json { error: why })
  end
end

fn all_notes() -> List<String>!String do
  let db = Sqlite.open(db_path())?
  let rows = Sqlite.query(db, "SELECT body FROM notes ORDER BY id", [])?
  Sqlite.close(db)
  Ok(List.map(rows, fn(row) -> Map.get(row, "body") end))
end

fn count(counter, _request :: Request) -> Response do
  HTTP.response(200, json { count: Counter.incr(counter, 1) })
end

fn shout(actor_pid, request :: Request) -> Response do
  let word = case Request.param(request, "word") do
    Some(w) -> w
    None -> ""
  end
  send(actor_pid, (self(), word))
  receive do
    loud -> HTTP.response(200, json { shout: loud })
  after 5000 -> HTTP.response(504, json { error: "actor timeout" })
  end
end

fn tick(_request :: Request) -> Response do
  Timer.send_after(self(), 20, "tick")
  receive do
    msg -> HTTP.response(200, json { timer: msg })
  after 5000 -> HTTP.response(504, json { error: "timer lost" })
  end
end

fn live(ws) do
  let _ = Ws.send(ws, json { status: "connected" })
  echo_ws(ws)
end

fn echo_ws(ws) do
  case Ws.receive(ws) do
    Some(msg) -> do
      let _ = Ws.send(ws, "echo:" <> msg)
      echo_ws(ws)
    end
    None -> ()
  end
end

fn serve() do
  case Sqlite.open(db_path()) do
    Ok(db) -> do
      let _ = Sqlite.execute(db, "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)", [])
      Sqlite.close(db)
    end
    Err(why) -> println("db failed: ${why}")
  end
  let counter = Counter.start(0)
  let loud = spawn(shouter)
  let r = HTTP.router()
    |> HTTP.on_get("/health", health)
    |> HTTP.on_get("/text", text)
    |> HTTP.on_post("/notes", add_note)
    |> HTTP.on_get("/notes", list_notes)
    |> HTTP.on_get("/count", fn(req) -> count(counter, req) end)
    |> HTTP.on_get("/shout/:word", fn(req) -> shout(loud, req) end)
    |> HTTP.on_get("/timer", tick)
    |> HTTP.on_websocket("/ws", live)
  HTTP.serve(r, Env.get_int("PORT", 8080))
end

fn watch(last :: String) do
  let now = "${Node.list()}"
  if now != last do
    println("peers ${now}")
  end
  Timer.sleep(20)
  watch(now)
end

# Startup work: runs once cluster-wide, on the primary (a standalone role runs it too,
# so it stays silent outside ROLE=node).
@cluster pub fn warm() -> Int do
  if Env.get("ROLE", "") == "node" do
    println("warm ran on ${Node.self()}")
  end
  1
end

pub fn owner(request :: Request) -> Response do
  let id = case Request.param(request, "id") do
    Some(v) -> v
    None -> "-"
  end
  HTTP.response(200, "item ${id} on ${Node.self()}")
end

actor watcher(last :: String) do
  watch(last)
end

fn node() do
  case Node.start_from_env() do
    Ok(st) -> do
      println("boot mode=${st.mode} node=${st.node_name}")
      let port = Env.get_int("HTTP_PORT", 0)
      if port > 0 do
        let _ = spawn(watcher, "none yet")
        let r = HTTP.router() |> HTTP.on_get("/item/:id", HTTP.clustered(owner))
        HTTP.serve(r, port)
      else
        watch("none yet")
      end
    end
    Err(why) -> println("boot failed: ${why}")
  end
end

fn fib(n :: Int) -> Int do
  if n < 2 do
    n
  else
    fib(n - 1) + fib(n - 2)
  end
end

fn tail_count(n :: Int, acc :: Int) -> Int do
  if n == 0 do
    acc
  else
    tail_count(n - 1, acc + n % 7)
  end
end

fn now_ms() -> Int do
  DateTime.to_unix_ms(DateTime.utc_now())
end

fn main() do
  case Env.get("ROLE", "server") do
    "node" -> node()
    "fib" -> do
      let t0 = now_ms()
      let r = fib(30)
      println("#{r} in #{now_ms() - t0} ms")
    end
    "loop" -> do
      let t0 = now_ms()
      let r = tail_count(1000000, 0)
      println("#{r} in #{now_ms() - t0} ms")
    end
    "empty" -> println("")
    _ -> serve()
  end
end
