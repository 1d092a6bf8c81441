struct User do
  name :: String
  age :: Int
end deriving(Schema)

fn main() do
  let q = Query.select(User) |> Query.where(fn(u) do String.length(u.name) > 3 end)
  println(Query.to_sql(q))
end
