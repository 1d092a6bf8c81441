# docs/databases.md "Transactions" (spec 06 §3.2): when the actor that owns an open
# transaction exits without ending it (a panic, or just returning), the transaction is
# rolled back; the actors waiting on the shared connection then proceed, and their
# acknowledged writes are committed: a fresh connection to the file sees them and can write.
actor inserter(db :: SqliteConn, who :: String, parent :: Pid) do
  let results = List.map(Range.to_list(1..21), fn(i) do
    Sqlite.execute(db, "INSERT INTO items (who, n) VALUES (?, ?)", [who, "${i}"])
  end)
  let oks = List.filter(results, fn(r) do
    case r do
      Ok(_) -> true
      Err(_) -> false
    end
  end)
  send(parent, who <> ": ${List.length(oks)} Ok")
end

actor doomed(db :: SqliteConn, parent :: Pid) do
  let _ = Sqlite.begin(db)
  let _ = Sqlite.execute(db, "INSERT INTO items (who, n) VALUES ('a', 1000)", [])
  send(parent, "a: begun")
  receive do
    "die" -> panic("owner crashed mid-transaction")
  end
end

actor quitter(db :: SqliteConn, parent :: Pid) do
  let _ = Sqlite.execute(db, "BEGIN IMMEDIATE", [])
  let _ = Sqlite.execute(db, "INSERT INTO items (who, n) VALUES ('c', 1000)", [])
  send(parent, "c: begun, returning")
end

fn relay() do
  receive do
    msg -> println(msg)
  end
end

fn report(path :: String) -> Int!String do
  let fresh = Sqlite.open(path)?
  let rows = Sqlite.query(fresh, "SELECT who, COUNT(*) AS c, SUM(n) AS s FROM items GROUP BY who ORDER BY who", [])?
  List.map(rows, fn(r) do
    println("fresh: " <> Map.get(r, "who") <> " rows=" <> Map.get(r, "c") <> " sum=" <> Map.get(r, "s"))
  end)
  let n = Sqlite.execute(fresh, "INSERT INTO items (who, n) VALUES ('fresh', 1)", [])?
  println("fresh insert: ${n}")
  Sqlite.close(fresh)
  Ok(n)
end

fn main() do
  case Sqlite.open("owned.db") do
    Ok(db) -> do
      let _ = Sqlite.execute(db, "CREATE TABLE items (who TEXT, n INTEGER)", [])
      let a = spawn(doomed, db, self())
      relay()
      spawn(inserter, db, "b", self())
      send(a, "die")
      relay()
      spawn(quitter, db, self())
      relay()
      spawn(inserter, db, "d", self())
      relay()
      case report("owned.db") do
        Ok(_) -> println("done")
        Err(e) -> println("error: " <> e)
      end
    end
    Err(e) -> println(e)
  end
end
