struct User do
  active :: Bool
end deriving(Schema)

fn is_active(u :: User) -> Bool do
  u.active
end

fn main() do
  let q = Query.select(User) |> Query.where(is_active)
  println(Query.to_sql(q))
end
