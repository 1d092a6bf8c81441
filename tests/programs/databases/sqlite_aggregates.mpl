# Spec 06 §5 (SQLite aggregates): COUNT, SUM/AVG/MIN/MAX text forms, GROUP BY, and a
# LEFT JOIN whose missing side is NULL, which reaches Mesh as the empty string.
fn field(row :: Map<String, String>, name :: String) -> String do
  Map.get(row, name)
end

fn run(db :: SqliteConn) -> Int!String do
  let _ = Sqlite.execute(db, "CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, category TEXT, price INTEGER)", [])?
  let items = [["Novel", "books", "25"], ["Atlas", "books", "35"], ["Scarf", "clothing", "50"],
               ["Phone", "electronics", "300"], ["Tablet", "electronics", "200"],
               ["Radio", "electronics", "100"]]
  List.map(items, fn(p) do
    Sqlite.execute(db, "INSERT INTO products (name, category, price) VALUES (?, ?, ?)", p)
  end)
  let count = Sqlite.query(db, "SELECT COUNT(*) AS n FROM products", [])?
  println(field(List.head(count), "n"))
  let stats = Sqlite.query(db, "SELECT SUM(price) AS total, AVG(price) AS mean, MIN(price) AS lo, MAX(price) AS hi FROM products", [])?
  let s = List.head(stats)
  println(field(s, "total") <> ":" <> field(s, "mean") <> ":" <> field(s, "lo") <> ":" <> field(s, "hi"))
  let groups = Sqlite.query(db, "SELECT category, COUNT(*) AS n, SUM(price) AS total FROM products GROUP BY category ORDER BY category", [])?
  List.map(groups, fn(g) do
    println(field(g, "category") <> ":" <> field(g, "n") <> ":" <> field(g, "total"))
  end)
  let _ = Sqlite.execute(db, "CREATE TABLE reviews (product_id INTEGER, stars INTEGER)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO reviews VALUES (1, 5), (4, 3)", [])?
  let joined = Sqlite.query(db, "SELECT p.name, r.stars FROM products p LEFT JOIN reviews r ON r.product_id = p.id WHERE p.id IN (1, 2) ORDER BY p.id", [])?
  List.map(joined, fn(j) do
    println(field(j, "name") <> ":[" <> field(j, "stars") <> "]")
  end)
  let missing = field(List.last(joined), "stars")
  println("null is empty: ${missing == ""} ${String.length(missing)}")
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
