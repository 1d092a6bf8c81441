# Spec 06 §3.2: the tally example, verbatim.
fn tally() -> Int!String do
  let db = Sqlite.open(":memory:")?
  let _ = Sqlite.execute(db, "CREATE TABLE votes (choice TEXT NOT NULL)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO votes (choice) VALUES (?), (?)", ["tea", "tea"])?
  let rows = Sqlite.query(db, "SELECT choice, count(*) AS n FROM votes GROUP BY choice", [])?
  List.map(rows, fn(row) do
    println(Map.get(row, "choice") <> "=" <> Map.get(row, "n"))
  end)
  Sqlite.close(db)
  Ok(List.length(rows))
end

fn main() do
  case tally() do
    Ok(n) -> println("groups: ${n}")
    Err(e) -> println("error: ${e}")
  end
end
