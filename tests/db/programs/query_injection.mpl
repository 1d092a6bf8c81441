# Hostile values through every Query/Expr/Repo entry point that takes a value: each one must
# travel as a bound parameter, so it matches only itself and never runs as SQL.

struct Note do
  id :: Int
  body :: String
end deriving(Schema)

fn count_of(label :: String, r :: List<Map<String, String>>!String) do
  case r do
    Ok(rows) -> println("  #{label}: #{List.length(rows)} row(s)")
    Err(e) -> println("  #{label}: Err(#{e})")
  end
end

fn body_of(label :: String, r :: Map<String, String>!String, expected :: String) do
  case r do
    Ok(row) -> println("  #{label}: #{Map.get(row, "body") == expected}")
    Err(e) -> println("  #{label}: Err(#{e})")
  end
end

fn probe(pool :: PoolHandle, p :: String) do
  let notes = Query.from("notes")
  let inserted = Repo.insert(pool, "notes", %{"body" => p})
  body_of("insert round-trips", inserted, p)
  let id = case inserted do
    Ok(row) -> Map.get(row, "id")
    Err(_) -> "0"
  end
  count_of("where", Repo.all(pool, notes |> Query.where(:body, p)))
  count_of("where_op", Repo.all(pool, notes |> Query.where_op(:body, :neq, p)))
  count_of("where_op like", Repo.all(pool, notes |> Query.where_op(:body, :like, p)))
  count_of("where_in", Repo.all(pool, notes |> Query.where_in(:body, [p, "zz"])))
  count_of("where_not_in", Repo.all(pool, notes |> Query.where_not_in(:body, [p])))
  count_of("where_between", Repo.all(pool, notes |> Query.where_between(:body, p, p)))
  count_of("where_or", Repo.all(pool, notes |> Query.where_or([:body, :body], [p, p])))
  count_of("where_raw", Repo.all(pool, notes |> Query.where_raw("body = ? OR body = $1", [p])))
  count_of("having", Repo.all(pool, notes |> Query.select(["body"]) |> Query.group_by(:body) |> Query.having("max(body) =", p)))
  count_of("fragment", Repo.all(pool, notes |> Query.where(:id, id) |> Query.fragment("AND body = ?", [p])))
  count_of("where_expr", Repo.all(pool, notes |> Query.where_expr(Expr.eq(Expr.column("body"), Expr.value(p)))))
  count_of("select_expr", Repo.all(pool, notes |> Query.select_expr(Expr.label(Expr.value(p), "echo")) |> Query.where(:id, id)))
  count_of("typed where", Ok(List.map(Repo.all(pool, Query.select(Note) |> Query.where(fn(n) do n.body == p end)), fn(n) do %{"body" => n.body} end)))
  count_of("query_raw", Repo.query_raw(pool, "SELECT * FROM notes WHERE body = $1", [p]))
  body_of("get", Repo.get(pool, "notes", id), p)
  body_of("get_by", Repo.get_by(pool, "notes", "body", p), p)
  body_of("update", Repo.update(pool, "notes", id, %{"body" => p <> p}), p <> p)
  body_of("update_where", Repo.update_where(pool, "notes", %{"body" => p}, notes |> Query.where(:body, p <> p)), p)
  body_of("insert_or_update", Repo.insert_or_update(pool, "notes", %{"id" => id, "body" => p <> "!"}, ["id"], ["body"]), p <> "!")
  count_of("delete_where_returning", Repo.delete_where_returning(pool, "notes", notes |> Query.where(:body, p <> "?")))
  body_of("get id as value", Repo.get(pool, "notes", p), p)
  body_of("delete", Repo.delete(pool, "notes", id), p <> "!")
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  let _ = Repo.execute_raw(pool, "CREATE TABLE victims (name TEXT)", [])
  let _ = Repo.execute_raw(pool, "INSERT INTO victims VALUES ('safe')", [])
  let _ = Repo.execute_raw(pool, "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL)", [])
  let payloads = ["x'; DROP TABLE victims; --", "\" OR 1=1 --", "') OR ('1'='1", "1; DELETE FROM victims", "/* c */ $1 ? -- \\", "Robert'); DROP TABLE notes;--"]
  List.map(payloads, fn(p) do
    println("payload #{String.length(p)}:")
    probe(pool, p)
  end)
  println("victims: #{Repo.count(pool, Query.from("victims"))}")
  println("notes left: #{Repo.count(pool, Query.from("notes"))}")
  println("odd table name: #{Repo.all(pool, Query.from("victims\"; DROP TABLE victims; --"))}")
  println("odd column name: #{Repo.get_by(pool, "victims", "name\" = 'safe' OR \"1", "x")}")
  println("victims still: #{Repo.count(pool, Query.from("victims"))}")
end
