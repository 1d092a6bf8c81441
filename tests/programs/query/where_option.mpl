# Typed Query.where on an `Option` field (spec 06 §3.14): `None` is SQL NULL, so `== None`
# is `IS NULL` and `!= None` is `IS NOT NULL`; `== Some(v)` binds v; `!= Some(v)` keeps
# Mesh's meaning (a None field differs from Some(v)) with `IS DISTINCT FROM`.

struct User do
  id :: Int
  name :: String
  nick :: Option<String>
  age :: Option<Int>
end deriving(Schema)

fn show(label :: String, q) do
  println("#{label}: #{Query.to_sql(q)}")
  println("  values: [#{String.join(Query.params(q), " | ")}]")
end

fn main() do
  show("is null", Query.select(User) |> Query.where(fn(u) do u.nick == None end))
  show("is not null", Query.select(User) |> Query.where(fn(u) do u.nick != None end))
  show("flipped", Query.select(User) |> Query.where(fn(u) do None == u.nick or None != u.age end))
  show("some", Query.select(User) |> Query.where(fn(u) do u.nick == Some("ann") end))
  show("not some", Query.select(User) |> Query.where(fn(u) do u.nick != Some("ann") end))
  show("some int", Query.select(User) |> Query.where(fn(u) do u.age >= Some(18) and u.name != "root" end))
  let wanted = Some("bo")
  let missing :: Option<String> = None
  show("captured some", Query.select(User) |> Query.where(fn(u) do u.nick == wanted end))
  show("captured none", Query.select(User) |> Query.where(fn(u) do u.nick == missing or u.id == 3 end))
  show("not", Query.select(User) |> Query.where(fn(u) do not (u.nick == None) end))
end
