# Typed Query.where on Option fields against PostgreSQL (spec 06 §3.14): `== None` finds the
# NULL rows, `!= None` the others, `== Some(v)` / `!= Some(v)` compare like Mesh does.

struct Member do
  id :: Int
  name :: String
  nick :: Option<String>
end deriving(Schema)

fn names(label :: String, ms :: List<Member>) do
  println("#{label}: #{String.join(List.map(ms, fn(m) do m.name end), " ")}")
end

fn nick(m :: Member) -> String do
  case m.nick do
    Some(n) -> n
    None -> "-"
  end
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  let setup = Repo.execute_raw(pool, "CREATE TABLE members (id BIGINT PRIMARY KEY, name TEXT NOT NULL, nick TEXT)", [])
  println("setup: #{setup}")
  let _ = Repo.execute_raw(pool, "INSERT INTO members VALUES (1, 'Ann', NULL), (2, 'Bob', 'bo'), (3, 'Cy', 'None'), (4, 'Dee', NULL)", [])
  let by_id = Query.select(Member) |> Query.order_by(:id, :asc)
  names("== None", Repo.all(pool, by_id |> Query.where(fn(m) do m.nick == None end)))
  names("!= None", Repo.all(pool, by_id |> Query.where(fn(m) do m.nick != None end)))
  names("== Some", Repo.all(pool, by_id |> Query.where(fn(m) do m.nick == Some("bo") end)))
  names("!= Some", Repo.all(pool, by_id |> Query.where(fn(m) do m.nick != Some("bo") end)))
  let missing :: Option<String> = None
  names("captured None", Repo.all(pool, by_id |> Query.where(fn(m) do m.nick == missing and m.id > 1 end)))
  let nicks = Repo.all(pool, by_id |> Query.where(fn(m) do m.nick != None end))
  println("decoded: #{String.join(List.map(nicks, nick), " ")}")
end
