# Repo.preload against PostgreSQL (spec 06 §3.10): has_many -> a list, has_one and belongs_to
# -> a row (or null), one SELECT per association; the unknown-association error.

struct Author do
  id :: Int
  name :: String
  has_many :posts, Post
  has_one :profile, Profile
end deriving(Schema)

struct Post do
  id :: Int
  title :: String
  author_id :: Int
  belongs_to :author, Author
end deriving(Schema)

struct Profile do
  id :: Int
  bio :: String
  author_id :: Int
end deriving(Schema)

struct PostRow do
  title :: String
end deriving(Json)

struct AuthorPosts do
  name :: String
  posts :: List<PostRow>
end deriving(Json)

fn rows_of(r :: List<Map<String, String>>!String) -> List<Map<String, String>> do
  case r do
    Ok(rows) -> rows
    Err(e) -> panic(e)
  end
end

# No indexes: each SELECT is then exactly one sequential scan, which the test counts.
fn setup(pool :: PoolHandle) -> Int!String do
  let _ = Repo.execute_raw(pool, "CREATE TABLE authors (id BIGINT NOT NULL, name TEXT NOT NULL)", [])?
  let _ = Repo.execute_raw(pool, "CREATE TABLE posts (id BIGINT NOT NULL, title TEXT NOT NULL, author_id BIGINT)", [])?
  let _ = Repo.execute_raw(pool, "CREATE TABLE profiles (id BIGINT NOT NULL, bio TEXT NOT NULL, author_id BIGINT)", [])?
  let _ = Repo.execute_raw(pool, "INSERT INTO authors VALUES (1, 'Ann'), (2, 'Bob'), (3, 'Cy')", [])?
  let _ = Repo.execute_raw(pool, "INSERT INTO posts VALUES (10, 'Hello', 1), (11, 'Again', 1), (12, 'Mine', 3), (13, 'Orphan', NULL)", [])?
  Repo.execute_raw(pool, "INSERT INTO profiles VALUES (20, 'writes a lot', 2)", [])
end

fn main() do
  let pool = Postgres.open(Env.get("DATABASE_URL"))
  println("setup: #{setup(pool)}")
  let authors = rows_of(Repo.all(pool, Query.from("authors") |> Query.order_by(:id, :asc)))
  let loaded = rows_of(Repo.preload(pool, authors, ["posts", "profile"], Author.__relationship_meta__()))
  println(Json.encode(loaded))
  for row in loaded do
    let bio = Json.get(Map.get(row, "profile"), "bio")
    let titles = case AuthorPosts.from_json(Json.encode(row)) do
      Ok(a) -> String.join(List.map(a.posts, fn(p) do p.title end), ", ")
      Err(e) -> "error: " <> e
    end
    println("#{Map.get(row, "name")}: posts [#{titles}] bio '#{bio}'")
  end
  let posts = rows_of(Repo.all(pool, Query.from("posts") |> Query.order_by(:id, :asc)))
  let with_author = rows_of(Repo.preload(pool, posts, ["author"], Post.__relationship_meta__()))
  for row in with_author do
    println("#{Map.get(row, "title")} by #{Map.get(row, "author")}")
  end
  let in_tx = Repo.transaction(pool, fn(conn :: PgConn) do
    Repo.preload(conn, posts, ["author"], Post.__relationship_meta__())
  end)
  case in_tx do
    Ok(rows) -> println("in a transaction: #{String.join(List.map(rows, fn(r) do Map.get(r, "author") end), " ")}")
    Err(e) -> println("in a transaction: #{e}")
  end
  # text keys that an array literal or SQL text would misread travel as one bound array
  let _ = Repo.execute_raw(pool, "CREATE TABLE owners (id TEXT NOT NULL)", [])
  let _ = Repo.execute_raw(pool, "CREATE TABLE notes (owner_id TEXT NOT NULL, body TEXT NOT NULL)", [])
  let odd = ["a\"b,c\\d}", "x' OR '1'='1", "{1,2}", "NULL", " spaced "]
  for id in odd do
    let _ = Repo.insert(pool, "owners", %{"id" => id})
    Repo.insert(pool, "notes", %{"owner_id" => id, "body" => "note of [" <> id <> "]"})
  end
  let _ = Repo.insert(pool, "notes", %{"owner_id" => "1", "body" => "not anyone's"})
  let owners = rows_of(Repo.all(pool, Query.from("owners")))
  let meta = ["has_many:notes:Note:owner_id:notes"]
  for row in rows_of(Repo.preload(pool, owners, ["notes"], meta)) do
    println("[#{Map.get(row, "id")}] -> #{Map.get(row, "notes")}")
  end
  println("empty: #{Repo.preload(pool, [], ["author"], Post.__relationship_meta__())}")
  println("unknown: #{Repo.preload(pool, posts, ["comments"], Post.__relationship_meta__())}")
end
