# Spec 06 §3.1/§3.2: values cross as text; execute returns SQLite's changes(); query works
# for RETURNING; repeated column names keep the later value at the earlier position;
# placeholders `?`, `?NNN` and `:name` (bound by position).
fn show_rows(rows :: List<Map<String, String>>) do
  List.map(rows, fn(row) do
    println(String.join(List.map(Map.to_list(row), fn(kv) do
      let (k, v) = kv
      k <> "=" <> v
    end), ", "))
  end)
end

fn run(db :: SqliteConn) -> Int!String do
  let ddl = Sqlite.execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, r REAL, s TEXT, b BLOB)", [])?
  println("ddl: ${ddl}")
  let ins = Sqlite.execute(db, "INSERT INTO t (n, r, s) VALUES (?, ?, ?), (?, ?, ?), (?, ?, ?)", ["1", "2.5", "x", "2", "710", "y", "3", "1e20", "z"])?
  println("insert: ${ins}")
  let upd = Sqlite.execute(db, "UPDATE t SET s = s || '!' WHERE n >= ?", ["2"])?
  println("update: ${upd}")
  let sel = Sqlite.execute(db, "SELECT * FROM t", [])?
  println("select (stale): ${sel}")
  let ddl2 = Sqlite.execute(db, "CREATE TABLE u (x TEXT)", [])?
  println("ddl after update (stale): ${ddl2}")
  show_rows(Sqlite.query(db, "SELECT n, typeof(n) AS tn, r, typeof(r) AS tr, s FROM t ORDER BY id", [])?)
  show_rows(Sqlite.query(db, "SELECT 710.0 AS a, 710.0 / 6 AS b, 1e20 AS c, -0.5 AS d, 1e-7 AS e, 9.0e15 AS f, 0.1 + 0.2 AS g", [])?)
  show_rows(Sqlite.query(db, "SELECT 9223372036854775807 AS big, -42 AS neg, NULL AS missing, '' AS empty, x'68c3a9' AS blob", [])?)
  show_rows(Sqlite.query(db, "SELECT 1 AS a, 2 AS b, 3 AS a", [])?)
  show_rows(Sqlite.query(db, "SELECT ?2 AS second, ?1 AS first", ["one", "two"])?)
  show_rows(Sqlite.query(db, "SELECT :x AS x, :y AS y", ["ex", "why"])?)
  show_rows(Sqlite.query(db, "SELECT ? AS text_param, typeof(?) AS param_type", ["30", "30"])?)
  show_rows(Sqlite.query(db, "DELETE FROM t WHERE n = ? RETURNING id, s", ["1"])?)
  let del = Sqlite.execute(db, "DELETE FROM t WHERE n > ? RETURNING id", ["0"])?
  println("delete returning: ${del}")
  let none = Sqlite.query(db, "INSERT INTO u VALUES ('a')", [])?
  println("query without result set: ${List.length(none)}")
  let empty = Sqlite.query(db, "SELECT * FROM t", [])?
  println("empty: ${List.length(empty)}")
  let unicode = Sqlite.query(db, "SELECT ? AS s, length(?) AS n", ["héllo wörld ✓", "héllo wörld ✓"])?
  show_rows(unicode)
  Ok(0)
end

fn main() do
  case Sqlite.open(":memory:") do
    Ok(db) -> do
      case run(db) do
        Ok(_) -> println("done")
        Err(e) -> println("error: ${e}")
      end
    end
    Err(e) -> println(e)
  end
end
