# Spec 06 §3.2: `Sqlite.open` creates a file database whose data survives close/reopen and
# is visible to other connections.
fn setup(path :: String) -> Int!String do
  let db = Sqlite.open(path)?
  let _ = Sqlite.execute(db, "CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT)", [])?
  let n = Sqlite.execute(db, "INSERT INTO notes (body) VALUES (?), (?)", ["first", "second"])?
  Sqlite.close(db)
  Ok(n)
end

fn read(path :: String) -> List<String>!String do
  let db = Sqlite.open(path)?
  let rows = Sqlite.query(db, "SELECT body FROM notes ORDER BY id", [])?
  Sqlite.close(db)
  Ok(List.map(rows, fn(r) do Map.get(r, "body") end))
end

fn main() do
  println("file exists before: ${File.exists("notes.db")}")
  println("inserted: ${setup("notes.db")}")
  println("file exists after: ${File.exists("notes.db")}")
  case read("notes.db") do
    Ok(bodies) -> println("reopened: ${String.join(bodies, ",")}")
    Err(e) -> println("error: ${e}")
  end
  println("inserted again: ${setup("notes.db")}")
  case read("notes.db") do
    Ok(bodies) -> println("reopened: ${String.join(bodies, ",")}")
    Err(e) -> println("error: ${e}")
  end
  # A separate in-memory database is private: it does not see the file's table.
  case Sqlite.open(":memory:") do
    Ok(mem) -> case Sqlite.query(mem, "SELECT * FROM notes", []) do
      Ok(_) -> println("memory: unexpectedly has notes")
      Err(e) -> println("memory: ${e}")
    end
    Err(e) -> println(e)
  end
end
