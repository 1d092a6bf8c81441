# Spec 06 §5 (SQLite): `1`, `1`, `Alice:30`, `Bob:25`, `filtered:Alice`, `done`.
fn run(db :: SqliteConn) -> Int!String do
  let _ = Sqlite.execute(db, "CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, age INTEGER NOT NULL)", [])?
  let a = Sqlite.execute(db, "INSERT INTO users (name, age) VALUES (?, ?)", ["Alice", "30"])?
  println("${a}")
  let b = Sqlite.execute(db, "INSERT INTO users (name, age) VALUES (?, ?)", ["Bob", "25"])?
  println("${b}")
  let rows = Sqlite.query(db, "SELECT name, age FROM users ORDER BY id", [])?
  List.map(rows, fn(row) do
    println(Map.get(row, "name") <> ":" <> Map.get(row, "age"))
  end)
  # "26" is bound as TEXT; the INTEGER column's affinity makes the comparison numeric.
  let older = Sqlite.query(db, "SELECT name FROM users WHERE age > ?", ["26"])?
  List.map(older, fn(row) do
    println("filtered:" <> Map.get(row, "name"))
  end)
  Ok(List.length(rows))
end

fn main() do
  let db = Sqlite.open(":memory:")
  case db do
    Ok(conn) -> do
      case run(conn) do
        Ok(_) -> println("done")
        Err(e) -> println("error: ${e}")
      end
      Sqlite.close(conn)
    end
    Err(e) -> println("open failed: ${e}")
  end
end
