# The landing-page server of spec 06 / seed 004, with an in-memory service standing in
# for Postgres: `UserStore.active(store, 100)` plays
# `Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.active end) |> Query.limit(100))`.
# One router serves the page, a JSON API and a WebSocket route on the same port.

struct User do
  name :: String
  email :: String
  active :: Bool
end deriving(Json)

service UserStore do
  fn init() -> List<User> do
    [
      User { name: "Ada", email: "ada@example.com", active: true },
      User { name: "Bob", email: "bob@example.com", active: false },
      User { name: "Cy", email: "cy@example.com", active: true }
    ]
  end

  call Active(limit :: Int) :: List<User> do |users|
    (users, List.take(List.filter(users, fn(u) do u.active end), limit))
  end

  call Signup(name :: String, email :: String) :: Int do |users|
    let next = List.append(users, User { name: name, email: email, active: true })
    (next, List.length(next))
  end
end

fn page(_request) do
  HTTP.response_with_headers(200, "<!doctype html><title>Mesh</title><h1>Mesh landing</h1>", %{"Content-Type" => "text/html; charset=utf-8"})
end

fn live(ws) do
  let _ = Ws.join(ws, "signups")
  let _ = Ws.send(ws, Json.encode({status: "connected"}))
  Ws.loop(ws)
end

fn main() do
  let url = Env.get("DATABASE_URL")
  let store = UserStore.start()
  let port = Env.get_int("PORT", 0)

  let router = HTTP.router()
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
    |> HTTP.on_get("/health", fn(_request) do
      HTTP.response(200, Json.encode({status: "ok", db: url}))
    end)
    |> HTTP.on_websocket("/live", live)
  HTTP.serve(router, port)
end
