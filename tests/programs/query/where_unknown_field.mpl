struct User do
  name :: String
end deriving(Schema)

fn main() do
  let q = Query.select(User) |> Query.where(fn(u) do u.nmae == "x" end)
  println(Query.to_sql(q))
end
