# Spec 06 §3.2/§4.5: a busy database is retried (up to 5 s) instead of failing at once, and
# the wait blocks only the calling actor: while main waits for the write lock, another actor
# runs and releases it.
actor releaser(db :: SqliteConn, parent :: Pid) do
  Timer.sleep(300)
  let _ = Sqlite.execute(db, "INSERT INTO log VALUES ('holder')", [])
  case Sqlite.commit(db) do
    Ok(_) -> send(parent, "released")
    Err(e) -> send(parent, "commit failed: " <> e)
  end
end

fn run(path :: String) -> Int!String do
  let holder = Sqlite.open(path)?
  let waiter = Sqlite.open(path)?
  let _ = Sqlite.execute(holder, "CREATE TABLE log (who TEXT)", [])?
  let _ = Sqlite.execute(holder, "BEGIN IMMEDIATE", [])?
  spawn(releaser, holder, self())
  # Blocks in a worker thread until the holder commits.
  let n = Sqlite.execute(waiter, "INSERT INTO log VALUES ('waiter')", [])?
  println("waiter inserted: ${n}")
  receive do
    msg -> println(msg)
  end
  let rows = Sqlite.query(waiter, "SELECT who FROM log ORDER BY rowid", [])?
  println(String.join(List.map(rows, fn(r) do Map.get(r, "who") end), ","))
  Ok(0)
end

fn main() do
  case run("busy.db") do
    Ok(_) -> println("done")
    Err(e) -> println("error: ${e}")
  end
end
