# The landing-page server of the seed documents (spec 06 §1, §2.4, §3.5, §3.14):
# one router on one port serves an HTML page, a JSON API, a rate-limiting
# middleware and a WebSocket route.
#
#   PORT=8080 mesh run examples/http/landing.mpl
#   curl http://localhost:8080/api/users
#   curl -d '{"name":"Eve","email":"eve@example.com"}' http://localhost:8080/api/signup
#   websocat ws://localhost:8080/live          (prints {"status":"connected"}, then signups)
#
# So that it runs without a database server, this example replaces the seed's
#   let pool = Postgres.open(Env.get("DATABASE_URL"))
#   Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.active end) |> Query.limit(100))
# (examples/databases/postgres_landing.mpl is that server, which the PostgreSQL tests run)
# by an in-memory stand-in: the `UserStore` service below, where
# `UserStore.active(store, 100)` plays the role of that typed query. Everything
# else (closures capturing the store as route handlers, `Json.encode` of a list
# of structs, `Json.encode({status: "connected"})`, `HTTP.on_websocket`) is the
# seed's form.
#
# Rate limiting is user code (spec 05 §4): a `RateLimiter` service counts
# requests per client (the `X-Client-Id` header, "anonymous" without it) and a
# ticker actor clears the counters every RATE_WINDOW_MS milliseconds. A client
# over RATE_LIMIT requests per window gets `429`.

struct User do
  name :: String
  email :: String
  active :: Bool
end deriving(Json)

# ---------------------------------------------------------------- data (stand-in)

service UserStore do
  fn init() -> List<User> do
    [
      User { name: "Ada", email: "ada@example.com", active: true },
      User { name: "Bob", email: "bob@example.com", active: false },
      User { name: "Cy", email: "cy@example.com", active: true }
    ]
  end

  # the first `limit` active users, like the seed's typed query
  call Active(limit :: Int) :: List<User> do |users|
    (users, List.take(List.filter(users, fn(u) do u.active end), limit))
  end

  # adds a user and replies with the new number of users
  call Signup(name :: String, email :: String) :: Int do |users|
    let next = List.append(users, User { name: name, email: email, active: true })
    (next, List.length(next))
  end
end

# ---------------------------------------------------------------- rate limiting

service RateLimiter do
  fn init() -> Map<String, Int> do
    %{}
  end

  # counts one request for `client`; true while it is within `limit`
  call Allow(client :: String, limit :: Int) :: Bool do |counts|
    let seen = Map.get(counts, client) + 1
    (Map.put(counts, client, seen), seen <= limit)
  end

  cast Reset() do |_counts|
    %{}
  end
end

actor ticker(limiter, window_ms :: Int) do
  Timer.sleep(window_ms)
  RateLimiter.reset(limiter)
  ticker(limiter, window_ms)
end

# ---------------------------------------------------------------- handlers

fn page(_request) do
  HTTP.response_with_headers(200, "<!doctype html><title>Mesh</title><h1>Mesh landing</h1>", %{"Content-Type" => "text/html; charset=utf-8"})
end

# the WebSocket route: greet, join the "signups" room, then keep the connection
# open (room broadcasts are sent to it) until the client closes
fn live(ws) do
  let _ = Ws.join(ws, "signups")
  let _ = Ws.send(ws, Json.encode({status: "connected"}))
  Ws.loop(ws)
end

fn main() do
  let store = UserStore.start()
  let limiter = RateLimiter.start()
  let limit = Env.get_int("RATE_LIMIT", 100)
  spawn(ticker, limiter, Env.get_int("RATE_WINDOW_MS", 60000))

  let rate_limit = fn(request, next) do
    let client = case Request.header(request, "X-Client-Id") do
      Some(id) -> id
      None -> "anonymous"
    end
    if RateLimiter.allow(limiter, client, limit) do
      next(request)
    else
      HTTP.response(429, Json.encode({error: "rate limit exceeded"}))
    end
  end

  let router = HTTP.router()
    |> HTTP.use(rate_limit)
    |> HTTP.on_get("/", page)
    |> HTTP.on_get("/api/users", fn(_request) do
      let users = UserStore.active(store, 100)
      HTTP.response(200, Json.encode(users))
    end)
    |> HTTP.on_post("/api/signup", fn(request) do
      let body = Request.body(request)
      let name = Json.get(body, "name")
      let email = Json.get(body, "email")
      if name == "" do
        HTTP.response(422, Json.encode({error: "name required"}))
      else
        let total = UserStore.signup(store, name, email)
        let _ = Ws.broadcast("signups", Json.encode({event: "signup", name: name}))
        HTTP.response(201, Json.encode({ok: true, total: total}))
      end
    end)
    |> HTTP.on_websocket("/live", live)
  HTTP.serve(router, Env.get_int("PORT", 8080))
end
