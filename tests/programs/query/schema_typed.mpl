# deriving(Schema) (spec 06 §3.7) and the seed's typed queries (§3.14): generated functions
# called as T.f() and used as function values, typed select/where SQL and their values.

struct Author do
  id :: String
end deriving(Schema)

struct Note do
  table "journal_notes"
  id :: String
  body :: String
  author_id :: String
  belongs_to :author, Author
end deriving(Schema, Row)

struct User do
  primary_key :uid
  uid :: Int
  name :: String
  score :: Float
  active :: Bool
  nick :: Option<String>
  timestamps true
  has_many :posts, Post
  has_one :profile, Profile
end deriving(Schema)

fn lines(label :: String, xs :: List<String>) do
  println("#{label}: #{String.join(xs, ", ")}")
end

fn show(label :: String, q) do
  println("#{label}: #{Query.to_sql(q)}")
  println("  values: [#{String.join(Query.params(q), " | ")}]")
end

fn main() do
  println("tables: #{Author.__table__()} #{Note.__table__()} #{User.__table__()}")
  println("primary keys: #{Note.__primary_key__()} #{User.__primary_key__()}")
  lines("Note fields", Note.__fields__())
  lines("User fields", User.__fields__())
  lines("User field types", User.__field_types__())
  lines("Note relationships", Note.__relationships__())
  lines("User relationships", User.__relationships__())
  lines("Note meta", Note.__relationship_meta__())
  lines("User meta", User.__relationship_meta__())
  println("columns: #{Note.__body_col__()} #{User.__inserted_at_col__()} #{Note.__author_id_col__()}")
  let table_of = Note.__table__
  let fns = [Author.__table__, Note.__table__, User.__primary_key__]
  println("as values: #{table_of()} #{String.join(List.map(fns, fn(f) do f() end), " ")}")
  lines("as list value", List.flat_map([Note.__fields__, Author.__fields__], fn(f) do f() end))
  let u = User { uid: 7, name: "Ann", score: 9.5, active: true, nick: None, inserted_at: "t0", updated_at: "t1" }
  println("timestamps are fields: #{u.inserted_at} #{u.updated_at}")

  show("seed", Query.select(User) |> Query.where(fn(u) do u.active end) |> Query.limit(100))
  let min_score = 2.5
  let wanted = "Bob"
  show("captured", Query.select(User) |> Query.where(fn(x) do x.score >= min_score and x.name != wanted end))
  show("literals", Query.select(User) |> Query.where(fn(x) do x.uid == 40 + 2 or x.active == false end))
  show("not", Query.select(User) |> Query.where(fn(x) do not x.active and not (x.uid < 3 or x.uid > 9) end))
  show("flipped", Query.select(User) |> Query.where(fn(x) do 10 < x.uid end))
  show("calls", Query.select(User) |> Query.where(fn(x) do x.name == String.upcase(wanted) end))
  show("chained", Query.select(Note) |> Query.where(fn(n) do n.author_id == "a1" end) |> Query.where(fn(n) do n.body != "" or n.id == "x" end) |> Query.order_by(:id, :desc) |> Query.offset(5))
  show("untyped builders on typed", Query.select(User) |> Query.where(:name, "Ann") |> Query.where_in(:uid, ["1", "2"]) |> Query.select(["uid"]))
end
