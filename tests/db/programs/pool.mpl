# Pool (spec 06 §3.4): open errors, checkout timeout, reuse, rollback on checkin, waiters,
# dead connections dropped, Pool.query/execute/query_as, close.

fn pid_of(conn :: PgConn) -> String do
  case Pg.query(conn, "SELECT pg_backend_pid() AS pid", []) do
    Ok(rows) -> Map.get(List.head(rows), "pid")
    Err(e) -> "Err(#{e})"
  end
end

fn count(pool :: PoolHandle) -> String do
  case Pool.query(pool, "SELECT count(*) AS n FROM t", []) do
    Ok(rows) -> Map.get(List.head(rows), "n")
    Err(e) -> "Err(#{e})"
  end
end

fn decode(row :: Map<String, String>) -> Int!String do
  case String.to_int(Map.get(row, "n")) do
    Some(n) -> Ok(n * 10)
    None -> Err("bad n")
  end
end

fn show_open(label :: String, r :: Result<PoolHandle, String>) do
  case r do
    Ok(_) -> println("#{label}: Ok")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

# Holds a connection of `pool` for 300 ms, then checks it in and tells `parent`.
actor holder(pool :: PoolHandle, parent :: Pid) do
  case Pool.checkout(pool) do
    Ok(conn) -> do
      send(parent, "held")
      Timer.sleep(300)
      Pool.checkin(pool, conn)
    end
    Err(e) -> println("holder: #{e}")
  end
end

actor worker(pool :: PoolHandle, parent :: Pid, n :: Int) do
  case Pool.query(pool, "SELECT pg_sleep(0.1), $1::int * 2 AS v", ["#{n}"]) do
    Ok(rows) -> case String.to_int(Map.get(List.head(rows), "v")) do
      Some(v) -> send(parent, v)
      None -> send(parent, -1)
    end
    Err(e) -> do
      println("worker: #{e}")
      send(parent, -1)
    end
  end
end

fn main() do
  let url = Env.get("DATABASE_URL")
  show_open("bad url", Pool.open("mysql://x@y/z", 1, 2, 1000))
  show_open("refused", Pool.open(Env.get("REFUSED_URL"), 1, 2, 1000))
  show_open("lazy refused", Pool.open(Env.get("REFUSED_URL"), 0, 2, 1000))
  let pool = case Pool.open(url, 1, 1, 0) do
    Ok(p) -> p
    Err(e) -> panic(e)
  end
  let _ = Pool.execute(pool, "CREATE TABLE t (n INTEGER PRIMARY KEY)", [])
  let c1 = case Pool.checkout(pool) do
    Ok(c) -> c
    Err(e) -> panic(e)
  end
  let first = pid_of(c1)
  case Pool.checkout(pool) do
    Ok(_) -> println("second checkout: Ok?")
    Err(e) -> println("second checkout: #{e}")
  end
  case Pool.query(pool, "SELECT 1", []) do
    Ok(_) -> println("query while exhausted: Ok?")
    Err(e) -> println("query while exhausted: #{e}")
  end
  let _ = Pg.begin(c1)
  let _ = Pg.execute(c1, "INSERT INTO t (n) VALUES (1)", [])
  Pool.checkin(pool, c1)
  Pool.checkin(pool, c1)
  let c2 = case Pool.checkout(pool) do
    Ok(c) -> c
    Err(e) -> panic(e)
  end
  println("reused: #{pid_of(c2) == first}")
  Pool.checkin(pool, c2)
  println("rolled back on checkin: #{count(pool)}")
  println("insert: #{Pool.execute(pool, "INSERT INTO t (n) VALUES ($1), ($2)", ["1", "2"])}")
  println("error: #{Pool.execute(pool, "INSERT INTO t (n) VALUES ($1)", ["1"])}")
  println("after error: #{count(pool)}")
  case Pool.query_as(pool, "SELECT n FROM t ORDER BY n", [], decode) do
    Ok(items) -> println("query_as: #{items}")
    Err(e) -> println("query_as: Err(#{e})")
  end
  # a waiter gets the connection when it is checked in
  let me = self()
  let one = case Pool.open(url, 0, 1, 5000) do
    Ok(p) -> p
    Err(e) -> panic(e)
  end
  spawn(holder, one, me)
  let _ = receive do
    msg -> msg
  end
  println("waited: #{Pool.execute(one, "SELECT 1", [])}")
  Pool.close(one)
  let wide = case Pool.open(url, 0, 2, 5000) do
    Ok(p) -> p
    Err(e) -> panic(e)
  end
  # concurrent actors share a pool of two
  List.map([1, 2, 3, 4, 5], fn(n) do spawn(worker, wide, me, n) end)
  let got = List.map([1, 2, 3, 4, 5], fn(_) do
    receive do
      v -> v + 0
    end
  end)
  println("workers: #{List.sort(got, fn(a, b) do a - b end)}")
  # a dead idle connection is dropped by the health check
  let c3 = case Pool.checkout(pool) do
    Ok(c) -> c
    Err(e) -> panic(e)
  end
  let dead = pid_of(c3)
  Pool.checkin(pool, c3)
  let _ = Pool.execute(wide, "SELECT pg_terminate_backend($1::int)", [dead])
  Timer.sleep(100)
  let c4 = case Pool.checkout(pool) do
    Ok(c) -> c
    Err(e) -> panic(e)
  end
  println("replaced dead: #{pid_of(c4) != dead}")
  Pool.close(pool)
  Pool.checkin(pool, c4)
  println("checked in after close: #{Pg.query(c4, "SELECT 1", [])}")
  case Pool.checkout(pool) do
    Ok(_) -> println("closed checkout: Ok?")
    Err(e) -> println("closed checkout: #{e}")
  end
  println("closed query: #{Pool.query(pool, "SELECT 1", [])}")
  Pool.close(pool)
  Pool.close(wide)
  println("done")
end
