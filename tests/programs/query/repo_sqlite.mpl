# Repo and typed queries on a SQLite connection (spec 06 §3.10 on SQLite, §3.14): the `$n`
# placeholders Query renders are bound by position.

struct Item do
  id :: Int
  name :: String
  price :: Float
  in_stock :: Bool
end deriving(Schema, Json)

fn names(r :: List<Map<String, String>>!String) -> String do
  case r do
    Ok(rows) -> String.join(List.map(rows, fn(row) do Map.get(row, "name") end), ",")
    Err(e) -> "Err(#{e})"
  end
end

fn name_of(r :: Map<String, String>!String) -> String do
  case r do
    Ok(row) -> Map.get(row, "name")
    Err(e) -> "Err(#{e})"
  end
end

fn main() do
  let db = case Sqlite.open(":memory:") do
    Ok(db) -> db
    Err(e) -> panic(e)
  end
  println("create: #{Repo.execute_raw(db, "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, price REAL, in_stock INTEGER)", [])}")
  println("insert: #{name_of(Repo.insert(db, "items", %{"name" => "pen", "price" => "1.5", "in_stock" => "1"}))}")
  println("insert: #{name_of(Repo.insert(db, "items", %{"name" => "ink", "price" => "7", "in_stock" => "0"}))}")
  println("insert: #{name_of(Repo.insert(db, "items", %{"name" => "pad", "price" => "3.25", "in_stock" => "1"}))}")
  let items = Query.from("items")
  println("all: #{names(Repo.all(db, items |> Query.order_by(:price, :desc)))}")
  println("filtered: #{names(Repo.all(db, items |> Query.where_op(:price, :lt, "5") |> Query.where_in(:name, ["pen", "ink", "pad"]) |> Query.order_by(:name, :asc)))}")
  println("one: #{name_of(Repo.one(db, items |> Query.where(:name, "ink")))}")
  println("get: #{name_of(Repo.get(db, "items", "3"))}")
  println("get_by: #{name_of(Repo.get_by(db, "items", :name, "pen"))}")
  println("count: #{Repo.count(db, items |> Query.where(:in_stock, "1"))}")
  println("exists: #{Repo.exists(db, items |> Query.where(:name, "pen"))} #{Repo.exists(db, items |> Query.where(:name, "cup"))}")
  println("update: #{name_of(Repo.update(db, "items", "2", %{"name" => "ink2"}))}")
  println("update_where: #{name_of(Repo.update_where(db, "items", %{"in_stock" => "1"}, items |> Query.where(:name, "ink2")))}")
  println("upsert: #{name_of(Repo.insert_or_update(db, "items", %{"name" => "pen", "price" => "2"}, ["name"], ["price"]))}")
  let typed = Repo.all(db, Query.select(Item) |> Query.where(fn(i) do i.in_stock and i.price >= 2.0 end) |> Query.order_by(:id, :asc))
  println("typed: #{Json.encode(typed)}")
  let tx = Repo.transaction(db, fn(conn) do
    let _ = Repo.delete(conn, "items", "1")?
    Err("changed my mind")
  end)
  println("transaction: #{tx} count=#{Repo.count(db, items)}")
  println("delete_where: #{Repo.delete_where(db, "items", items |> Query.where_op(:price, :gt, "3"))}")
  println("delete: #{name_of(Repo.delete(db, "items", "1"))}")
  println("left: #{names(Repo.all(db, items))}")
end
