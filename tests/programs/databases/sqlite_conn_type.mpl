# `SqliteConn` is an opaque type users may write in annotations, aliases and struct fields.
type Db = SqliteConn

struct Store do
  db :: SqliteConn
  name :: String
end

fn connect(name :: String) -> SqliteConn!String do
  Sqlite.open(name)
end

fn count(store :: Store) -> Int!String do
  let rows = Sqlite.query(store.db, "SELECT COUNT(*) AS n FROM kv", [])?
  case String.to_int(Map.get(List.head(rows), "n")) do
    Some(n) -> Ok(n)
    None -> Err("not a number")
  end
end

fn put(db :: Db, k :: String, v :: String) -> Int!String do
  Sqlite.execute(db, "INSERT OR REPLACE INTO kv VALUES (?, ?)", [k, v])
end

fn run() -> Int!String do
  let db = connect(":memory:")?
  let store = Store { db: db, name: "main" }
  let _ = Sqlite.execute(store.db, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)", [])?
  let _ = put(db, "a", "1")?
  let _ = put(db, "b", "2")?
  let _ = put(db, "a", "3")?
  let n = count(store)?
  Sqlite.close(store.db)
  Ok(n)
end

fn main() do
  println("${run()}")
end
