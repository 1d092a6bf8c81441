# The seed form (spec 06 §3.5): Postgres.open(Env.get(...)) gives a lazily connecting pool
# used directly; Postgres.f mirrors Pg.f; PoolHandle in annotations.

fn up(pool :: PoolHandle) -> Int!String do
  let _ = Pool.execute(pool, "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)", [])?
  Ok(0)
end

fn add(pool :: PoolHandle, body :: String) -> Int!String do
  Postgres.execute(pool, "INSERT INTO notes (body) VALUES ($1)", [body])
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  println("migrated: #{up(pool)}")
  println("added: #{add(pool, "first")}")
  println("added: #{add(pool, "second")}")
  case Postgres.query(pool, "SELECT body FROM notes ORDER BY id", []) do
    Ok(rows) -> List.map(rows, fn(row) do println("note: #{Map.get(row, "body")}") end)
    Err(e) -> [println("query failed: #{e}")]
  end
  println("in tx: #{Postgres.transaction(pool, fn(conn) do Postgres.execute(conn, "DELETE FROM notes WHERE body = $1", ["first"]) end)}")
  case Postgres.connect(Env.get("DATABASE_URL")) do
    Ok(conn) -> do
      println("conn count: #{Postgres.query(conn, "SELECT count(*) AS n FROM notes", [])}")
      println("begin: #{Postgres.begin(conn)}")
      println("conn execute: #{Postgres.execute(conn, "DELETE FROM notes", [])}")
      println("rollback: #{Postgres.rollback(conn)}")
      Postgres.close(conn)
    end
    Err(e) -> println("connect failed: #{e}")
  end
  let lazy = Postgres.open(Env.get("REFUSED_URL"))
  println("lazy opened")
  println("first use: #{Postgres.query(lazy, "SELECT 1", [])}")
  println("unset: [#{Env.get("MESH_PG_SURELY_UNSET")}]")
  let _ = Postgres.open("mysql://nope")
  println("unreachable")
end
