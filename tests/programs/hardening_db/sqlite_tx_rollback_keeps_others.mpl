# docs/databases.md "Transactions" (spec 06 §3.2): a transaction belongs to the actor that
# began it. While actor A's transaction is open on a shared connection, actor B's inserts
# wait; A's rollback discards only A's own row, and B's 20 acknowledged inserts are all kept.
actor inserter(db :: SqliteConn, owner :: Pid, parent :: Pid) do
  send(owner, "started")
  let results = List.map(Range.to_list(1..21), fn(i) do
    Sqlite.execute(db, "INSERT INTO items (who, n) VALUES ('b', ?)", ["${i}"])
  end)
  let oks = List.filter(results, fn(r) do
    case r do
      Ok(_) -> true
      Err(_) -> false
    end
  end)
  send(parent, "b: ${List.length(oks)} Ok")
end

actor owner(db :: SqliteConn, parent :: Pid) do
  case Sqlite.begin(db) do
    Ok(_) -> send(parent, "a: begun")
    Err(e) -> send(parent, "a: begin failed: " <> e)
  end
  # B has started inserting: its statements must not join this transaction.
  receive do
    "started" -> ()
  end
  let _ = Sqlite.execute(db, "INSERT INTO items (who, n) VALUES ('a', 1)", [])
  case Sqlite.query(db, "SELECT COUNT(*) AS c FROM items", []) do
    Ok(rows) -> send(parent, "a sees: " <> Map.get(List.head(rows), "c"))
    Err(e) -> send(parent, "a: " <> e)
  end
  case Sqlite.rollback(db) do
    Ok(_) -> send(parent, "a: rolled back")
    Err(e) -> send(parent, "a: rollback failed: " <> e)
  end
end

fn relay(n :: Int) do
  if n > 0 do
    receive do
      msg -> println(msg)
    end
    relay(n - 1)
  end
end

fn main() do
  case Sqlite.open(":memory:") do
    Ok(db) -> do
      let _ = Sqlite.execute(db, "CREATE TABLE items (who TEXT, n INTEGER)", [])
      let a = spawn(owner, db, self())
      relay(1)
      spawn(inserter, db, a, self())
      relay(3)
      case Sqlite.query(db, "SELECT who, COUNT(*) AS c, SUM(n) AS s FROM items GROUP BY who", []) do
        Ok(rows) -> List.map(rows, fn(r) do
          println("table: " <> Map.get(r, "who") <> " rows=" <> Map.get(r, "c") <> " sum=" <> Map.get(r, "s"))
        end)
        Err(e) -> [println(e)]
      end
      Sqlite.close(db)
    end
    Err(e) -> println(e)
  end
end
