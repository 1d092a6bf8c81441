# Spec 06 §3.2 and §3.6: a vote tally in SQLite. Parameters are bound as text, rows come
# back as Map<String, String>, and a struct deriving Row decodes them with typed fields.
# The database is a file, so the votes survive closing and reopening it.

struct Standing do
  choice :: String
  votes :: Int
  share :: Float
  last_note :: Option<String>
end deriving(Row)

fn record(path :: String, votes :: List<List<String>>) -> Int!String do
  let db = Sqlite.open(path)?
  let _ = Sqlite.execute(db, "CREATE TABLE IF NOT EXISTS votes (id INTEGER PRIMARY KEY, choice TEXT NOT NULL, note TEXT)", [])?
  Sqlite.begin(db)?
  List.map(votes, fn(v) do
    Sqlite.execute(db, "INSERT INTO votes (choice, note) VALUES (?, NULLIF(?, ''))", v)
  end)
  Sqlite.commit(db)?
  let rows = Sqlite.query(db, "SELECT COUNT(*) AS n FROM votes", [])?
  Sqlite.close(db)
  case String.to_int(Map.get(List.head(rows), "n")) do
    Some(n) -> Ok(n)
    None -> Err("bad count")
  end
end

fn report(path :: String) -> List<Standing!String>!String do
  let db = Sqlite.open(path)?
  let rows = Sqlite.query(db, "SELECT choice, COUNT(*) AS votes, 100.0 * COUNT(*) / (SELECT COUNT(*) FROM votes) AS share, (SELECT note FROM votes w WHERE w.choice = v.choice AND w.note IS NOT NULL ORDER BY id DESC LIMIT 1) AS last_note FROM votes v GROUP BY choice ORDER BY votes DESC, choice", [])?
  Sqlite.close(db)
  Ok(List.map(rows, Standing.from_row))
end

fn print_line(r :: Standing!String) do
  case r do
    Ok(res) -> do
      let note = case res.last_note do
        Some(n) -> " (last note: ${n})"
        None -> ""
      end
      println("${res.choice}: ${res.votes} votes, ${res.share}%${note}")
    end
    Err(e) -> println("bad row: ${e}")
  end
end

fn main() do
  println("recorded: ${record("tally.db", [["tea", ""], ["coffee", "strong"], ["tea", "green"]])}")
  println("recorded: ${record("tally.db", [["water", ""], ["tea", ""], ["coffee", ""]])}")
  case report("tally.db") do
    Ok(results) -> do
      List.map(results, fn(r) do print_line(r) end)
      ()
    end
    Err(e) -> println("error: ${e}")
  end
  case Sqlite.open("tally.db") do
    Ok(db) -> case Sqlite.execute(db, "INSERT INTO votes (choice) VALUES (?)", []) do
      Ok(_) -> println("unexpected")
      Err(e) -> println("error: ${e}")
    end
    Err(e) -> println(e)
  end
end
