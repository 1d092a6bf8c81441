# Typed Repo.all (spec 06 §3.14) panics with `Repo.all: <error>` on a database error
# (MODE=missing) or a row that does not decode (MODE=decode).

struct Gadget do
  name :: String
  weight :: Int
end deriving(Schema)

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  if Env.get("MODE") == "decode" do
    let _ = Repo.execute_raw(pool, "CREATE TABLE gadgets (name TEXT, weight TEXT)", [])
    let _ = Repo.execute_raw(pool, "INSERT INTO gadgets VALUES ('ok', '12'), ('bad', 'heavy')", [])
  end
  let found = Repo.all(pool, Query.select(Gadget) |> Query.order_by(:name, :desc))
  println("unreachable: #{List.length(found)}")
end
