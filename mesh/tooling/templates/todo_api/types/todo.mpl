# The todo record as stored (deriving Row) and as sent to clients (deriving Json).
pub struct Todo do
  id :: Int
  title :: String
  completed :: Bool
  created_at :: String
end deriving(Json, Row)

# Body of `POST /todos`.
pub struct NewTodo do
  title :: String
end deriving(Json)

# Body of `PUT /todos/:id`: every field is optional, absent ones keep their value.
pub struct TodoChanges do
  title :: Option<String>
  completed :: Option<Bool>
end deriving(Json)
