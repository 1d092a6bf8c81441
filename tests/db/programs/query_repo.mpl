# Query + Repo against a real PostgreSQL (spec 06 §3.8-§3.10, §3.14): every Repo function,
# the Expr and Pg helpers inside statements, and the seed's typed query.

struct User do
  id :: Int
  name :: String
  email :: String
  age :: Int
  active :: Bool
end deriving(Schema, Json)

fn cols(row :: Map<String, String>, names :: List<String>) -> String do
  String.join(List.map(names, fn(n) do n <> "=" <> Map.get(row, n) end), " ")
end

fn show_row(label :: String, r :: Map<String, String>!String, names :: List<String>) do
  case r do
    Ok(row) -> println("#{label}: #{cols(row, names)}")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn show_rows(label :: String, r :: List<Map<String, String>>!String, names :: List<String>) do
  case r do
    Ok(rows) -> println("#{label}: #{String.join(List.map(rows, fn(row) do cols(row, names) end), " ; ")}")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn setup(pool :: PoolHandle) -> Int!String do
  Repo.execute_raw(pool, "CREATE TABLE users (id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, email TEXT UNIQUE, age INT NOT NULL DEFAULT 0, active BOOLEAN NOT NULL DEFAULT true)", [])?
  Repo.execute_raw(pool, "CREATE TABLE posts (id BIGSERIAL PRIMARY KEY, user_id BIGINT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL DEFAULT '', tags JSONB NOT NULL DEFAULT '[]')", [])?
  Repo.execute_raw(pool, "CREATE EXTENSION IF NOT EXISTS pgcrypto", [])
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  println("setup: #{setup(pool)}")
  let users = Query.from("users")
  let nm = ["id", "name"]

  # ---- writes
  show_row("insert", Repo.insert(pool, "users", %{"name" => "Ann", "email" => "ann@x", "age" => "31"}), ["id", "name", "age", "active"])
  show_row("insert", Repo.insert(pool, "users", %{"name" => "Bob", "email" => "bob@x", "age" => "25", "active" => "false"}), ["id", "name", "active"])
  show_row("insert", Repo.insert(pool, "users", %{"name" => "Cy", "email" => "cy@x", "age" => "40"}), nm)
  show_row("insert empty", Repo.insert(pool, "users", %{}), nm)
  show_row("insert duplicate", Repo.insert(pool, "users", %{"name" => "Ann2", "email" => "ann@x"}), nm)
  show_row("insert_expr", Repo.insert_expr(pool, "users", %{"name" => Expr.value("Dee"), "email" => Expr.call("lower", [Expr.value("DEE@X")]), "age" => Expr.add(Pg.int(Expr.value("20")), Expr.value("2"))}), ["id", "name", "email", "age"])

  # ---- reads
  show_rows("all", Repo.all(pool, users |> Query.order_by(:id, :asc)), nm)
  show_row("one", Repo.one(pool, users |> Query.where_op(:age, :gt, "30") |> Query.order_by(:age, :desc)), nm)
  show_row("one none", Repo.one(pool, users |> Query.where(:name, "Nobody")), nm)
  show_row("get", Repo.get(pool, "users", "2"), nm)
  show_row("get missing", Repo.get(pool, "users", "99"), nm)
  show_row("get_by", Repo.get_by(pool, "users", "email", "cy@x"), nm)
  show_row("get_by atom", Repo.get_by(pool, "users", :email, "dee@x"), nm)
  println("count: #{Repo.count(pool, users)}")
  println("count where: #{Repo.count(pool, users |> Query.where(:active, "true") |> Query.order_by(:id, :asc) |> Query.limit(1))}")
  println("exists: #{Repo.exists(pool, users |> Query.where(:name, "Bob"))}")
  println("exists none: #{Repo.exists(pool, users |> Query.where(:name, "Zed"))}")
  show_rows("where_in", Repo.all(pool, users |> Query.where_in(:name, ["Ann", "Cy", "Zed"]) |> Query.order_by(:id, :asc)), nm)
  show_rows("where_not_in", Repo.all(pool, users |> Query.where_not_in(:name, ["Ann", "Cy"]) |> Query.order_by(:id, :asc)), nm)
  show_rows("where_in empty", Repo.all(pool, users |> Query.where_in(:name, [])), nm)
  show_rows("where_between", Repo.all(pool, users |> Query.where_between(:age, "22", "31") |> Query.order_by(:age, :asc)), ["name", "age"])
  show_rows("where_or", Repo.all(pool, users |> Query.where_or([:name, :email], ["Bob", "cy@x"]) |> Query.order_by(:id, :asc)), nm)
  show_rows("where_raw", Repo.all(pool, users |> Query.where(:active, "true") |> Query.where_raw("(age > ? OR name = $2)", ["35", "Ann"]) |> Query.order_by(:id, :asc)), nm)
  show_rows("where_op like", Repo.all(pool, users |> Query.where_op(:email, :ilike, "%Y@X") |> Query.select(["name"])), ["name"])
  show_rows("select_count group", Repo.all(pool, users |> Query.select(["active"]) |> Query.select_count() |> Query.group_by(:active) |> Query.having("count(*) >=", "1") |> Query.order_by(:active, :asc)), ["active", "count"])
  show_rows("aggregates", Repo.all(pool, users |> Query.select_sum(:age) |> Query.select_min(:age) |> Query.select_max(:age) |> Query.select_count_field(:email)), ["sum", "min", "max", "count"])
  show_rows("select_exprs", Repo.all(pool, users |> Query.select(["name"]) |> Query.select_exprs([Expr.label(Expr.add(Expr.column("age"), Expr.value("1")), "next"), Expr.label(Expr.case_when([Expr.gte(Expr.column("age"), Expr.value("30"))], [Expr.value("senior")], Expr.value("junior")), "band")]) |> Query.order_by(:id, :asc) |> Query.limit(2)), ["name", "next", "band"])
  show_rows("offset", Repo.all(pool, users |> Query.select(["name"]) |> Query.order_by(:id, :asc) |> Query.limit(2) |> Query.offset(1)), ["name"])

  # ---- joins, subqueries, expressions
  let _ = Repo.insert(pool, "posts", %{"user_id" => "1", "title" => "Hello", "body" => "the quick brown fox", "tags" => "[\"mesh\", \"db\"]"})
  let _ = Repo.insert(pool, "posts", %{"user_id" => "3", "title" => "Later", "body" => "lazy dogs sleep", "tags" => "[\"misc\"]"})
  show_rows("join_as", Repo.all(pool, Query.from("posts") |> Query.join_as(:inner, "users", "u", "u.id = posts.user_id") |> Query.select(["posts.title", "u.name"]) |> Query.order_by(:title, :asc)), ["title", "name"])
  show_rows("left join", Repo.all(pool, users |> Query.join(:left, "posts", "posts.user_id = users.id") |> Query.select(["users.name", "posts.title"]) |> Query.order_by_raw("users.id")), ["name", "title"])
  let authors = Query.from("posts") |> Query.select(["user_id"]) |> Query.where_op(:title, :like, "H%")
  show_rows("where_sub", Repo.all(pool, users |> Query.where(:active, "true") |> Query.where_sub(:id, authors)), nm)
  show_rows("where_expr", Repo.all(pool, users |> Query.where_expr(Expr.gt(Expr.column("age"), Pg.int(Expr.value("30")))) |> Query.order_by(:id, :asc)), nm)
  show_rows("fulltext", Repo.all(pool, Query.from("posts") |> Query.select(["title"]) |> Query.select_expr(Expr.label(Pg.ts_rank(Pg.to_tsvector("english", Expr.column("body")), Pg.plainto_tsquery("english", Expr.value("quick fox"))), "rank")) |> Query.where_expr(Pg.tsvector_matches(Pg.to_tsvector("english", Expr.column("body")), Pg.plainto_tsquery("english", Expr.value("quick fox"))))), ["title"])
  show_rows("jsonb_contains", Repo.all(pool, Query.from("posts") |> Query.select(["title"]) |> Query.where_expr(Pg.jsonb_contains(Expr.column("tags"), Pg.jsonb(Expr.value("[\"db\"]"))))), ["title"])
  show_rows("casts", Repo.all(pool, Query.from("users") |> Query.select_exprs([Expr.label(Pg.text(Expr.column("age")), "t"), Expr.label(Pg.cast(Expr.value("2.50"), "numeric(5, 1)"), "n"), Expr.label(Pg.uuid(Expr.value("00000000-0000-0000-0000-00000000002a")), "u"), Expr.label(Pg.timestamptz(Expr.value("2026-01-02 03:04:05+00")), "ts"), Expr.label(Expr.coalesce([Expr.null(), Expr.value("fallback")]), "c")]) |> Query.limit(1)), ["t", "n", "u", "c"])
  let _ = Repo.insert_expr(pool, "users", %{"name" => Expr.value("Hash"), "email" => Pg.crypt(Expr.value("s3cret"), Pg.gen_salt("bf", 4))})
  let hashed = users |> Query.where(:name, "Hash")
  println("crypt right: #{Repo.count(pool, hashed |> Query.where_expr(Expr.eq(Expr.column("email"), Pg.crypt(Expr.value("s3cret"), Expr.column("email")))))}")
  println("crypt wrong: #{Repo.count(pool, hashed |> Query.where_expr(Expr.eq(Expr.column("email"), Pg.crypt(Expr.value("guess"), Expr.column("email")))))}")
  println("crypt cleanup: #{Repo.delete_where(pool, "users", hashed)}")

  # ---- updates and deletes
  show_row("update", Repo.update(pool, "users", "2", %{"age" => "26", "name" => "Bobby"}), ["id", "name", "age"])
  show_row("update missing", Repo.update(pool, "users", "99", %{"age" => "1"}), nm)
  show_row("update empty", Repo.update(pool, "users", "2", %{}), nm)
  show_row("update_where", Repo.update_where(pool, "users", %{"active" => "false"}, users |> Query.where(:name, "Cy")), ["name", "active"])
  show_row("update_where no where", Repo.update_where(pool, "users", %{"active" => "false"}, users), nm)
  show_row("update_where no match", Repo.update_where(pool, "users", %{"active" => "false"}, users |> Query.where(:name, "Zed")), nm)
  show_row("update_where_expr", Repo.update_where_expr(pool, "users", %{"age" => Expr.add(Expr.column("age"), Expr.value("10"))}, users |> Query.where(:name, "Ann")), ["name", "age"])
  show_row("insert_or_update insert", Repo.insert_or_update(pool, "users", %{"name" => "Eve", "email" => "eve@x", "age" => "50"}, ["email"], ["name", "age"]), ["id", "name", "age"])
  show_row("insert_or_update update", Repo.insert_or_update(pool, "users", %{"name" => "Eve2", "email" => "eve@x", "age" => "51"}, ["email"], ["name", "age"]), ["id", "name", "age"])
  show_row("insert_or_update no targets", Repo.insert_or_update(pool, "users", %{"name" => "X"}, [], ["name"]), nm)
  show_row("insert_or_update no updates", Repo.insert_or_update(pool, "users", %{"name" => "X"}, ["email"], []), nm)
  show_row("insert_or_update_expr", Repo.insert_or_update_expr(pool, "users", %{"name" => "Eve3", "email" => "eve@x", "age" => "1"}, ["email"], %{"age" => Expr.add(Expr.column("users.age"), Expr.excluded("age"))}), ["id", "name", "age"])
  show_rows("delete_where_returning", Repo.delete_where_returning(pool, "users", users |> Query.where(:name, "Dee")), nm)
  println("delete_where: #{Repo.delete_where(pool, "posts", Query.from("posts") |> Query.where_op(:user_id, :gte, "1"))}")
  println("delete_where no where: #{Repo.delete_where(pool, "users", users)}")
  show_rows("delete_where_returning no where", Repo.delete_where_returning(pool, "users", users), nm)
  show_row("delete", Repo.delete(pool, "users", "3"), nm)
  show_row("delete missing", Repo.delete(pool, "users", "3"), nm)
  show_rows("query_raw", Repo.query_raw(pool, "SELECT name FROM users WHERE age > $1 ORDER BY id", ["30"]), ["name"])
  println("execute_raw: #{Repo.execute_raw(pool, "UPDATE users SET active = $1", ["true"])}")
  show_rows("query_raw error", Repo.query_raw(pool, "SELECT * FROM nowhere", []), nm)

  # ---- transactions
  let committed = Repo.transaction(pool, fn(conn) do
    let row = Repo.insert(conn, "users", %{"name" => "Tx", "email" => "tx@x"})?
    let _ = Repo.update(conn, "users", Map.get(row, "id"), %{"age" => "5"})?
    Ok(Map.get(row, "name"))
  end)
  println("transaction commit: #{committed}")
  let rolled = Repo.transaction(pool, fn(conn) do
    let _ = Repo.insert(conn, "users", %{"name" => "Gone", "email" => "gone@x"})?
    let _ = Repo.insert(conn, "users", %{"name" => "Dup", "email" => "tx@x"})?
    Ok("unreachable")
  end)
  case rolled do
    Ok(v) -> println("transaction rollback: unexpected #{v}")
    Err(e) -> println("transaction rollback: #{String.contains(e, "23505")}")
  end
  let panicked = Repo.transaction(pool, fn(conn) do
    let _ = Repo.insert(conn, "users", %{"name" => "Panic", "email" => "p@x"})?
    let boom :: Int!String = Ok(panic("boom"))
    boom
  end)
  println("transaction panic: #{panicked}")
  println("after transactions: #{Repo.count(pool, users |> Query.where_in(:name, ["Tx", "Gone", "Panic"]))}")

  # ---- the seed's typed query
  let active = Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.active end) |> Query.order_by(:id, :asc) |> Query.limit(100))
  println("typed: #{Json.encode(active)}")
  let min_age = 30
  let older = Repo.all(pool, Query.select(User) |> Query.where(fn(u) do u.age > min_age and u.name != "Nobody" end) |> Query.order_by(:id, :asc))
  println("typed names: #{String.join(List.map(older, fn(u) do "#{u.name}:#{u.age}" end), ", ")}")
  println("typed count: #{Repo.count(pool, Query.select(User) |> Query.where(fn(u) do not u.active end))}")

  # ---- changesets (§3.10, §3.11)
  let taken = Changeset.cast(%{}, %{"name" => "Zoe", "email" => "ann@x"}, [:name, :email])
  case Repo.insert_changeset(pool, "users", taken) do
    Ok(_) -> println("insert_changeset taken: unexpected Ok")
    Err(cs) -> println("insert_changeset taken: email #{Changeset.get_error(cs, :email)}")
  end
  let blank = Changeset.cast(%{}, %{"email" => "zoe@x"}, [:email])
  case Repo.insert_changeset(pool, "users", blank) do
    Ok(_) -> println("insert_changeset blank: unexpected Ok")
    Err(cs) -> println("insert_changeset blank: name #{Changeset.get_error(cs, :name)}")
  end
  let invalid = Changeset.cast(%{}, %{"name" => ""}, [:name]) |> Changeset.validate_required([:name])
  case Repo.insert_changeset(pool, "users", invalid) do
    Ok(_) -> println("insert_changeset invalid: unexpected Ok")
    Err(cs) -> println("insert_changeset invalid: name #{Changeset.get_error(cs, :name)}")
  end
  case Repo.insert_changeset(pool, "users", Changeset.cast(%{}, %{"name" => "Zoe", "email" => "zoe@x", "extra" => "ignored"}, [:name, :email])) do
    Ok(row) -> println("insert_changeset ok: #{cols(row, ["name", "email"])}")
    Err(cs) -> println("insert_changeset ok: unexpected #{Changeset.errors(cs)}")
  end
  case Repo.update_changeset(pool, "users", "1", Changeset.cast(%{}, %{"email" => "zoe@x"}, [:email])) do
    Ok(_) -> println("update_changeset taken: unexpected Ok")
    Err(cs) -> println("update_changeset taken: email #{Changeset.get_error(cs, :email)}")
  end
  case Repo.update_changeset(pool, "users", "1", Changeset.cast(%{}, %{"age" => "42"}, [:age])) do
    Ok(row) -> println("update_changeset ok: #{cols(row, ["name", "age"])}")
    Err(cs) -> println("update_changeset ok: unexpected #{Changeset.errors(cs)}")
  end
  Pool.close(pool)
  println("done")
end
