# Spec 06 §3.2 error texts: SQLite's own messages, and our choices for parameter counts,
# multiple statements, closed connections and NUL bytes.
fn show(label :: String, r :: Int!String) do
  case r do
    Ok(n) -> println("${label}: Ok(${n})")
    Err(e) -> println("${label}: ${e}")
  end
end

fn show_rows(label :: String, r :: List<Map<String, String>>!String) do
  case r do
    Ok(rows) -> println("${label}: Ok(${List.length(rows)} rows)")
    Err(e) -> println("${label}: ${e}")
  end
end

fn show_unit(label :: String, r :: Result<(), String>) do
  case r do
    Ok(_) -> println("${label}: Ok")
    Err(e) -> println("${label}: ${e}")
  end
end

fn main() do
  case Sqlite.open("no_such_dir/app.db") do
    Ok(_) -> println("open: unexpectedly Ok")
    Err(e) -> println("open: ${e}")
  end
  case Sqlite.open("bad\0path.db") do
    Ok(_) -> println("open nul: unexpectedly Ok")
    Err(e) -> println("open nul: ${e}")
  end
  let db = Sqlite.open(":memory:")
  case db do
    Ok(c) -> run(c)
    Err(e) -> println(e)
  end
end

fn run(db :: SqliteConn) do
  show("create", Sqlite.execute(db, "CREATE TABLE users (name TEXT NOT NULL, email TEXT UNIQUE)", []))
  show("insert", Sqlite.execute(db, "INSERT INTO users VALUES (?, ?)", ["Ann", "ann@x.io"]))
  show("unique", Sqlite.execute(db, "INSERT INTO users VALUES (?, ?)", ["Ann2", "ann@x.io"]))
  show("not null", Sqlite.execute(db, "INSERT INTO users (email) VALUES (?)", ["z@x.io"]))
  show("no table", Sqlite.execute(db, "DELETE FROM x", []))
  show_rows("no table query", Sqlite.query(db, "SELECT * FROM x", []))
  show_rows("syntax", Sqlite.query(db, "SELEC 1", []))
  show("too many params", Sqlite.execute(db, "INSERT INTO users VALUES (?, ?)", ["a", "b", "c"]))
  show_rows("too many params query", Sqlite.query(db, "SELECT ?", ["1", "2"]))
  show("too few params", Sqlite.execute(db, "INSERT INTO users VALUES (?, ?)", ["a"]))
  show_rows("params without placeholders", Sqlite.query(db, "SELECT 1", ["1"]))
  show("two statements", Sqlite.execute(db, "INSERT INTO users VALUES ('b', 'b'); INSERT INTO users VALUES ('c', 'c')", []))
  show_rows("two statements query", Sqlite.query(db, "SELECT 1; SELECT 2", []))
  show_rows("trailing semicolon and comment", Sqlite.query(db, "SELECT 1; -- fine", []))
  show_rows("nul in sql", Sqlite.query(db, "SELECT '\0'", []))
  show("nul in param", Sqlite.execute(db, "INSERT INTO users VALUES (?, ?)", ["x\0y", "q"]))
  show_rows("count", Sqlite.query(db, "SELECT * FROM users", []))
  show_unit("commit without begin", Sqlite.commit(db))
  show_unit("rollback without begin", Sqlite.rollback(db))
  Sqlite.close(db)
  Sqlite.close(db)
  println("closed twice")
  show("closed execute", Sqlite.execute(db, "SELECT 1", []))
  show_rows("closed query", Sqlite.query(db, "SELECT 1", []))
  show_unit("closed begin", Sqlite.begin(db))
  show_unit("closed commit", Sqlite.commit(db))
  show_unit("closed rollback", Sqlite.rollback(db))
end
