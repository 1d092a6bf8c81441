# Spec 06 §3.2/§4.5: a busy database is retried (up to 5 s) instead of failing at once, and
# the wait blocks only the calling actor: while main waits for the write lock, another actor
# (which holds it through its own transaction on a second connection) runs and releases it.
actor releaser(holder :: SqliteConn, parent :: Pid) do
  case Sqlite.execute(holder, "BEGIN IMMEDIATE", []) do
    Ok(_) -> send(parent, "locked")
    Err(e) -> send(parent, "begin failed: " <> e)
  end
  Timer.sleep(300)
  let _ = Sqlite.execute(holder, "INSERT INTO log VALUES ('holder')", [])
  case Sqlite.commit(holder) do
    Ok(_) -> send(parent, "released")
    Err(e) -> send(parent, "commit failed: " <> e)
  end
end

fn run(path :: String) -> Int!String do
  let holder = Sqlite.open(path)?
  let waiter = Sqlite.open(path)?
  let _ = Sqlite.execute(holder, "CREATE TABLE log (who TEXT)", [])?
  spawn(releaser, holder, self())
  receive do
    msg -> println(msg)
  end
  # Blocks in a worker thread until the releaser commits.
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
