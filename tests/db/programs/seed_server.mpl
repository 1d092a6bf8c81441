# The seed's landing-page server (spec 06 §2.4, §3.5, §3.14): one router serving the typed
# query as JSON and a WebSocket route, against a real PostgreSQL.

struct User do
  name :: String
  email :: String
  active :: Bool
end deriving(Schema, Json)

struct Gadget do
  name :: String
end deriving(Schema)

fn live(ws) do
  let _ = Ws.send(ws, json { status: "connected" })
  Ws.loop(ws)
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  let router = HTTP.router()
    |> HTTP.on_get("/api/users", fn(_request) do
      let users = Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.active end) |> Query.limit(100))
      HTTP.response(200, Json.encode(users))
    end)
    |> HTTP.on_get("/api/users/:name", fn(request) do
      let wanted = case Request.param(request, "name") do
        Some(name) -> name
        None -> ""
      end
      let users = Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.name == wanted end))
      HTTP.response(200, Json.encode(users))
    end)
    |> HTTP.on_get("/api/gadgets", fn(_request) do
      HTTP.response(200, Json.encode(Repo.all(pool, Query.select(Gadget))))
    end)
    |> HTTP.on_websocket("/live", live)
  HTTP.serve(router, Env.get_int("PORT", 8080))
end
