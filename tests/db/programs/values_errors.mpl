# Text fidelity (spec 06 §3.1), command tags, result shapes and the structured error
# string (§3.3).

fn show_rows(label :: String, r :: Result<List<Map<String, String>>, String>) do
  case r do
    Ok(rows) -> do
      println("#{label}: #{List.length(rows)} row(s)")
      List.map(rows, fn(row) do
        List.map(Map.to_list(row), fn(kv) do
          let (k, v) = kv
          println("  #{k}=[#{v}]")
        end)
      end)
      ()
    end
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn show_count(label :: String, r :: Result<Int, String>) do
  case r do
    Ok(n) -> println("#{label}: #{n}")
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn main() do
  case Pg.connect(Env.get("DATABASE_URL")) do
    Err(e) -> println("connect failed: #{e}")
    Ok(conn) -> do
      show_rows("values", Pg.query(conn, "SELECT true AS t, false AS f, 42 AS i, 1.50::numeric AS num, 2.5::float8 AS fl, '2026-04-02 12:00:00.123456+00'::timestamptz AS ts, '2026-04-02'::date AS d, ARRAY[1,2,3] AS arr, '\\x01ff'::bytea AS b, ROW(1, 'a') AS rec, NULL AS nothing, '{\"a\": 1}'::jsonb AS j, 'héllo' AS u", []))
      show_rows("params inferred", Pg.query(conn, "SELECT $1::int + 1 AS n, $2::boolean AS b, $3::int[] AS a, $4::jsonb -> 'a' AS j", ["30", "t", "{1,2,3}", "{\"a\": 1}"]))
      show_rows("repeated name", Pg.query(conn, "SELECT 1 AS x, 2 AS y, 3 AS x", []))
      show_count("ddl", Pg.execute(conn, "CREATE TABLE items (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, qty INTEGER NOT NULL DEFAULT 0); CREATE TABLE other (n INTEGER)", []))
      show_count("insert", Pg.execute(conn, "INSERT INTO items (email, qty) VALUES ($1, $2), ($3, $4), ($5, $6)", ["a@x", "1", "b@x", "2", "c@x", "3"]))
      show_count("update", Pg.execute(conn, "UPDATE items SET qty = qty + 1 WHERE qty >= $1", ["2"]))
      show_count("select count", Pg.execute(conn, "SELECT * FROM items", []))
      show_count("delete none", Pg.execute(conn, "DELETE FROM items WHERE email = $1", ["nobody"]))
      show_rows("returning", Pg.query(conn, "INSERT INTO items (email) VALUES ($1) RETURNING id, email, qty", ["d@x"]))
      show_rows("no result set", Pg.query(conn, "UPDATE items SET qty = 0 WHERE email = $1", ["d@x"]))
      show_rows("empty", Pg.query(conn, "SELECT * FROM items WHERE qty > $1", ["100"]))
      show_rows("missing table", Pg.query(conn, "SELECT * FROM todos", []))
      show_count("missing table params", Pg.execute(conn, "SELECT * FROM todos WHERE id = $1", ["1"]))
      show_count("unique", Pg.execute(conn, "INSERT INTO items (email) VALUES ($1)", ["a@x"]))
      show_count("not null", Pg.execute(conn, "INSERT INTO items (email, qty) VALUES ($1, NULL)", ["z@x"]))
      show_count("bad int", Pg.execute(conn, "INSERT INTO items (email, qty) VALUES ($1, $2)", ["y@x", "many"]))
      show_rows("bad uuid", Pg.query(conn, "SELECT $1::uuid AS id", ["nope"]))
      show_count("multi with params", Pg.execute(conn, "SELECT $1; SELECT 2", ["1"]))
      show_count("syntax", Pg.execute(conn, "SELEC 1", []))
      show_count("too many params", Pg.execute(conn, "SELECT $1", ["1", "2"]))
      show_rows("still usable", Pg.query(conn, "SELECT count(*) AS n FROM items", []))
      Pg.close(conn)
      show_rows("after close", Pg.query(conn, "SELECT 1", []))
      Pg.close(conn)
      println("done")
    end
  end
end
