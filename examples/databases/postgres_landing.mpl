# The seed's landing-page server on PostgreSQL (spec 06 §2.4, §3.5, §3.10, §3.14): one router
# on one port serves the typed query as JSON, a signup that writes a row, and a WebSocket
# route that greets and then hears about signups.
#
#   DATABASE_URL=postgres://user:secret@localhost:5432/app PORT=8080 mesh run examples/databases/postgres_landing.mpl
#   curl http://localhost:8080/api/users
#   curl http://localhost:8080/api/users/Ada
#   curl -d '{"name":"Eve","email":"eve@example.com"}' http://localhost:8080/api/users
#   websocat ws://localhost:8080/live          (prints {"status":"connected"}, then signups)
#
# The table is created at start when it is missing; a real app would use a migration
# (`mesh migrate`, docs/migrations.md). A database error inside a handler (say the table was
# dropped) panics in `Repo.all`: that request gets a 500 and the server goes on.

struct User do
  name :: String
  email :: String
  active :: Bool
end deriving(Schema, Json)

fn live(ws) do
  let _ = Ws.join(ws, "signups")
  let _ = Ws.send(ws, json { status: "connected" })
  Ws.loop(ws)
end

fn signup(pool :: PoolHandle, request) do
  let body = Request.body(request)
  let name = Json.get(body, "name")
  let email = Json.get(body, "email")
  if name == "" or email == "" do
    HTTP.response(422, json { error: "name and email are required" })
  else
    case Repo.insert(pool, "users", %{"name" => name, "email" => email, "active" => "true"}) do
      Ok(row) -> do
        let _ = Ws.broadcast("signups", json { event: "signup", name: name })
        HTTP.response(201, json { id: Map.get(row, "id"), name: name })
      end
      Err(_) -> HTTP.response(409, json { error: "could not create the user" })
    end
  end
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  let _ = Repo.execute_raw(pool, "CREATE TABLE IF NOT EXISTS users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE, active BOOLEAN NOT NULL DEFAULT true)", [])
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
    |> HTTP.on_post("/api/users", fn(request) do signup(pool, request) end)
    |> HTTP.on_websocket("/live", live)
  HTTP.serve(router, Env.get_int("PORT", 8080))
end
