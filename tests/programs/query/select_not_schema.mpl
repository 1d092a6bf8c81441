struct User do
  name :: String
end deriving(Json)

fn main() do
  println(Query.to_sql(Query.select(User)))
end
