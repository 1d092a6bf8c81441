# Pg.begin/commit/rollback and Pg.transaction: commit, Err → rollback, panic → rollback,
# COMMIT failure, BEGIN failure (spec 06 §3.3).

fn count(conn :: PgConn) -> String do
  case Pg.query(conn, "SELECT count(*) AS n FROM t", []) do
    Ok(rows) -> Map.get(List.head(rows), "n")
    Err(e) -> "Err(#{e})"
  end
end

fn show(label :: String, r :: Result<String, String>) do
  case r do
    Ok(v) -> println("#{label}: Ok(#{v})")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn insert_two(conn :: PgConn) -> String!String do
  let _ = Pg.execute(conn, "INSERT INTO t (n) VALUES ($1)", ["1"])?
  let _ = Pg.execute(conn, "INSERT INTO t (n) VALUES ($1)", ["2"])?
  Ok("two")
end

fn main() do
  let conn = case Pg.connect(Env.get("DATABASE_URL")) do
    Ok(c) -> c
    Err(e) -> panic("connect: #{e}")
  end
  let _ = Pg.execute(conn, "CREATE TABLE t (n INTEGER PRIMARY KEY); CREATE TABLE d (n INTEGER UNIQUE DEFERRABLE INITIALLY DEFERRED)", [])
  # manual
  let _ = Pg.begin(conn)
  let _ = Pg.execute(conn, "INSERT INTO t (n) VALUES (10)", [])
  let _ = Pg.rollback(conn)
  println("after rollback: #{count(conn)}")
  let _ = Pg.begin(conn)
  let _ = Pg.execute(conn, "INSERT INTO t (n) VALUES (10)", [])
  let _ = Pg.commit(conn)
  println("after commit: #{count(conn)}")
  case Pg.commit(conn) do
    Ok(_) -> println("commit outside: Ok")
    Err(e) -> println("commit outside: Err(#{e})")
  end
  # Pg.transaction
  show("committed", Pg.transaction(conn, fn(c) do insert_two(c) end))
  println("count: #{count(conn)}")
  show("err", Pg.transaction(conn, fn(c) do
    let _ = Pg.execute(c, "INSERT INTO t (n) VALUES (20)", [])?
    let _ = Pg.execute(c, "INSERT INTO t (n) VALUES (1)", [])?
    Ok("unreachable")
  end))
  println("count: #{count(conn)}")
  show("own err", Pg.transaction(conn, fn(c) do
    let _ = Pg.execute(c, "INSERT INTO t (n) VALUES (30)", [])?
    Err("changed my mind")
  end))
  println("count: #{count(conn)}")
  show("panic", Pg.transaction(conn, fn(c) do
    let _ = Pg.execute(c, "INSERT INTO t (n) VALUES (40)", [])?
    panic("boom")
  end))
  println("count: #{count(conn)}")
  show("commit fails", Pg.transaction(conn, fn(c) do
    let _ = Pg.execute(c, "INSERT INTO d (n) VALUES (1), (1)", [])?
    Ok("deferred")
  end))
  show("swallowed error", Pg.transaction(conn, fn(c) do
    let r = Pg.execute(c, "INSERT INTO t (n) VALUES (1)", [])
    case r do
      Ok(_) -> Ok("no")
      Err(_) -> Ok("ignored")
    end
  end))
  println("count: #{count(conn)}")
  let _ = Pg.begin(conn)
  show("nested begin", Pg.transaction(conn, fn(c) do Ok("x") end))
  let _ = Pg.rollback(conn)
  Pg.close(conn)
  show("closed", Pg.transaction(conn, fn(c) do Ok("x") end))
  println("done")
end
