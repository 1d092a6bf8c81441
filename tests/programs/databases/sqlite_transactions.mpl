# Spec 06 §3.2: begin/commit/rollback run BEGIN/COMMIT/ROLLBACK; outside them every
# statement autocommits.
fn count(db :: SqliteConn) -> String!String do
  let rows = Sqlite.query(db, "SELECT COUNT(*) AS n FROM accounts", [])?
  Ok(Map.get(List.head(rows), "n"))
end

fn run(db :: SqliteConn) -> Int!String do
  let _ = Sqlite.execute(db, "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO accounts VALUES ('a', 100)", [])?
  println("autocommit: ${count(db)?}")

  Sqlite.begin(db)?
  let _ = Sqlite.execute(db, "INSERT INTO accounts VALUES ('b', 50)", [])?
  println("inside: ${count(db)?}")
  Sqlite.rollback(db)?
  println("after rollback: ${count(db)?}")

  Sqlite.begin(db)?
  let _ = Sqlite.execute(db, "INSERT INTO accounts VALUES ('c', 70)", [])?
  let _ = Sqlite.execute(db, "UPDATE accounts SET balance = balance - 30 WHERE name = 'a'", [])?
  Sqlite.commit(db)?
  println("after commit: ${count(db)?}")

  case Sqlite.begin(db) do
    Ok(_) -> println("begin: Ok")
    Err(e) -> println("begin: ${e}")
  end
  case Sqlite.begin(db) do
    Ok(_) -> println("nested begin: Ok")
    Err(e) -> println("nested begin: ${e}")
  end
  # A failing statement inside a transaction leaves it open; the caller decides.
  case Sqlite.execute(db, "INSERT INTO accounts VALUES ('a', 1)", []) do
    Ok(_) -> println("duplicate: Ok")
    Err(e) -> println("duplicate: ${e}")
  end
  let _ = Sqlite.execute(db, "INSERT INTO accounts VALUES ('d', 1)", [])?
  Sqlite.rollback(db)?
  println("after failed transaction: ${count(db)?}")
  case Sqlite.rollback(db) do
    Ok(_) -> println("second rollback: Ok")
    Err(e) -> println("second rollback: ${e}")
  end
  let rows = Sqlite.query(db, "SELECT name, balance FROM accounts ORDER BY name", [])?
  List.map(rows, fn(r) do println(Map.get(r, "name") <> "=" <> Map.get(r, "balance")) end)
  Ok(0)
end

fn main() do
  case Sqlite.open(":memory:") do
    Ok(db) -> do
      case run(db) do
        Ok(_) -> println("done")
        Err(e) -> println("error: ${e}")
      end
      Sqlite.close(db)
    end
    Err(e) -> println(e)
  end
end
