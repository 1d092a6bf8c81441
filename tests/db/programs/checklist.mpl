# Spec 06 §5 (PostgreSQL): created / inserted / rows in order / `$1` parameter / done.

fn run(url :: String) -> Int!String do
  let conn = Pg.connect(url)?
  let created = Pg.execute(conn, "CREATE TABLE users (id SERIAL PRIMARY KEY, name TEXT NOT NULL, age INTEGER NOT NULL)", [])?
  println("created: #{created}")
  let inserted = Pg.execute(conn, "INSERT INTO users (name, age) VALUES ($1, $2)", ["Alice", "30"])?
  println("inserted: #{inserted}")
  let _ = Pg.execute(conn, "INSERT INTO users (name, age) VALUES ($1, $2)", ["Bob", "25"])?
  let rows = Pg.query(conn, "SELECT name, age FROM users ORDER BY id", [])?
  List.map(rows, fn(row) do
    println("#{Map.get(row, "name")} is #{Map.get(row, "age")}")
  end)
  let older = Pg.query(conn, "SELECT name FROM users WHERE age > $1", ["26"])?
  List.map(older, fn(row) do
    println("older: #{Map.get(row, "name")}")
  end)
  Pg.close(conn)
  Ok(List.length(rows))
end

fn main() do
  case run(Env.get("DATABASE_URL")) do
    Ok(_) -> println("done")
    Err(e) -> println("error: #{e}")
  end
end
