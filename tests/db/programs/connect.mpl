# Pg.connect: URL error texts, network errors, auth methods, sslmode (spec 06 §3.3).
# The URLs that need the test server come from the environment.

fn try_url(label :: String, url :: String) do
  case Pg.connect(url) do
    Ok(conn) -> do
      let who = case Pg.query(conn, "SELECT current_user AS u, current_database() AS d, coalesce((SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()), 'f') AS ssl", []) do
        Ok(rows) -> do
          let row = List.head(rows)
          "#{Map.get(row, "u")}@#{Map.get(row, "d")} ssl=#{Map.get(row, "ssl")}"
        end
        Err(e) -> "query failed: #{e}"
      end
      Pg.close(conn)
      println("#{label}: Ok(#{who})")
    end
    Err(e) -> println("#{label}: Err(#{e})")
  end
end

fn main() do
  try_url("scheme", "mysql://u@localhost/db")
  try_url("no scheme", "localhost:5432")
  try_url("missing @", "postgres://localhost:5432/db")
  try_url("bad port", "postgres://u@localhost:54x2/db")
  try_url("port range", "postgresql://u:p@localhost:70000/db")
  try_url("empty host", "postgres://u@/db")
  try_url("dns", "postgres://u@nonexistent.invalid/db")
  try_url("refused", Env.get("REFUSED_URL"))
  let names = ["TRUST_URL", "ENCODED_URL", "DEFAULT_DB_URL", "SCRAM_URL", "MD5_URL", "CLEAR_URL", "WRONG_PW_URL", "NO_PW_URL", "NO_ROLE_URL", "NO_DB_URL", "REQUIRE_URL", "PREFER_URL", "DISABLE_URL", "ODD_SSLMODE_URL"]
  List.map(names, fn(name) do try_url(name, Env.get(name)) end)
  println("done")
end
