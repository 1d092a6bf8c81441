# Spec 06 §3.1/§4.5: one connection shared by many actors; calls are serialised by the
# connection's lock and each blocks only its own actor.
actor writer(db :: SqliteConn, id :: Int, parent :: Pid) do
  List.map([1, 2, 3, 4, 5], fn(i) do
    Sqlite.execute(db, "INSERT INTO hits (writer, n) VALUES (?, ?)", ["${id}", "${i}"])
  end)
  send(parent, id)
end

fn wait(n :: Int) do
  if n > 0 do
    receive do
      _ -> wait(n - 1)
    end
  end
end

fn main() do
  case Sqlite.open(":memory:") do
    Ok(db) -> do
      let _ = Sqlite.execute(db, "CREATE TABLE hits (writer INTEGER, n INTEGER)", [])
      List.map([1, 2, 3, 4, 5, 6, 7, 8], fn(id) do spawn(writer, db, id, self()) end)
      wait(8)
      case Sqlite.query(db, "SELECT COUNT(*) AS c, COUNT(DISTINCT writer) AS w, SUM(n) AS s FROM hits", []) do
        Ok(rows) -> do
          let r = List.head(rows)
          println("rows=" <> Map.get(r, "c") <> " writers=" <> Map.get(r, "w") <> " sum=" <> Map.get(r, "s"))
        end
        Err(e) -> println(e)
      end
      Sqlite.close(db)
    end
    Err(e) -> println(e)
  end
end
