# The Migration DSL and Pg schema helpers of spec 06 §3.13 against a real server: each
# call's result, then what the catalog shows.

fn show(label :: String, r :: Int!String) do
  case r do
    Ok(n) -> println("${label}: Ok(${n})")
    Err(e) -> println("${label}: Err(${e})")
  end
end

fn columns(pool :: PoolHandle, table :: String) -> String do
  case Pool.query(pool, "SELECT column_name || ' ' || data_type || CASE WHEN is_nullable = 'NO' THEN ' not null' ELSE '' END AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position", [table]) do
    Ok(rows) -> String.join(List.map(rows, fn(row) do Map.get(row, "c") end), ", ")
    Err(e) -> "error: ${e}"
  end
end

fn indexes(pool :: PoolHandle, table :: String) do
  case Pool.query(pool, "SELECT indexdef FROM pg_indexes WHERE tablename = $1 ORDER BY indexname", [table]) do
    Ok(rows) -> List.map(rows, fn(row) do println("  " <> Map.get(row, "indexdef")) end)
    Err(e) -> [println("error: ${e}")]
  end
end

pub fn up(pool :: PoolHandle) -> Int!String do
  Migration.create_table(pool, "bookmarks", ["id:BIGSERIAL:PRIMARY KEY", "url:TEXT:NOT NULL", "saved_at:TIMESTAMPTZ:NOT NULL DEFAULT now()"])?
  Migration.create_index(pool, "bookmarks", ["saved_at:DESC"], "name:idx_bookmarks_recent")?
  Ok(0)
end

pub fn down(pool :: PoolHandle) -> Int!String do
  Migration.drop_table(pool, "bookmarks")?
  Ok(0)
end

fn main() do
  let pool = case Pool.open(Env.get("DATABASE_URL"), 1, 2, 5000) do
    Ok(p) -> p
    Err(e) -> panic(e)
  end
  show("up", up(pool))
  show("up again", up(pool))
  println("bookmarks: ${columns(pool, "bookmarks")}")
  indexes(pool, "bookmarks")
  show("add_column", Migration.add_column(pool, "bookmarks", "title:TEXT:NOT NULL DEFAULT ''"))
  show("add_column again", Migration.add_column(pool, "bookmarks", "title:TEXT"))
  show("rename_column", Migration.rename_column(pool, "bookmarks", "title", "label"))
  show("create_index unique", Migration.create_index(pool, "bookmarks", ["url", "label:ASC"], "unique:true"))
  show("create_index partial", Migration.create_index(pool, "bookmarks", ["label"], "name:labelled where:label <> ''"))
  println("bookmarks: ${columns(pool, "bookmarks")}")
  indexes(pool, "bookmarks")
  show("insert", Migration.execute(pool, "INSERT INTO bookmarks (url, label) VALUES ('a', 'x'), ('b', 'y')"))
  show("duplicate", Migration.execute(pool, "INSERT INTO bookmarks (url, label) VALUES ('a', 'x')"))
  show("drop_index", Migration.drop_index(pool, "bookmarks", ["url", "label"]))
  show("drop_column", Migration.drop_column(pool, "bookmarks", "label"))
  show("drop_column again", Migration.drop_column(pool, "bookmarks", "label"))
  println("bookmarks: ${columns(pool, "bookmarks")}")
  indexes(pool, "bookmarks")
  show("bad type", Migration.create_table(pool, "broken", ["id:NOSUCHTYPE"]))
  show("bad option", Migration.create_index(pool, "bookmarks", ["url"], "unique:maybe"))
  show("late where", Migration.create_index(pool, "bookmarks", ["url"], "where: name:x"))
  show("no columns", Migration.create_index(pool, "bookmarks", [], ""))
  show("bad suffix", Migration.create_index(pool, "bookmarks", ["url:UP"], ""))
  show("bad column", Migration.create_table(pool, "broken", ["id"]))
  show("quoted name", Migration.create_table(pool, "odd \"name\"; DROP TABLE bookmarks", ["v:TEXT"]))
  println("odd table: ${columns(pool, "odd \"name\"; DROP TABLE bookmarks")}")
  show("create_extension", Pg.create_extension(pool, "pgcrypto"))
  show("create_extension again", Pg.create_extension(pool, "pgcrypto"))
  show("docs", Migration.create_table(pool, "docs", ["id:BIGSERIAL:PRIMARY KEY", "body:JSONB:NOT NULL"]))
  show("create_gin_index", Pg.create_gin_index(pool, "docs", "idx_docs_body", "body", "jsonb_path_ops"))
  indexes(pool, "docs")
  show("down", down(pool))
  show("down again", down(pool))
  println("bookmarks after down: [${columns(pool, "bookmarks")}]")
  println("done")
end
