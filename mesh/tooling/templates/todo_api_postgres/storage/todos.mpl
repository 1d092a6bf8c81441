# PostgreSQL storage for todos through `Repo` and `Query`. Values always travel as bound
# parameters. Every function returns `Err(text)` with the database's error on failure
# (`<SQLSTATE>\t…\t<message>`), so the API can answer 500 with it. The table comes from
# migrations/ (`mesh migrate . up`), never from the app.
from Types.Todo import Todo

fn table() -> String do
  "todos"
end

# Decodes every row, or returns the first decoding error.
fn decode_all(rows :: List<Map<String, String>>) -> List<Todo>!String do
  List.reduce(rows, Ok([]), fn(acc, row) do
    case acc do
      Ok(todos) -> case Todo.from_row(row) do
        Ok(todo) -> Ok(List.append(todos, todo))
        Err(e) -> Err(e)
      end
      Err(e) -> Err(e)
    end
  end)
end

# `Repo.get/update/delete` report a missing row with these texts (spec 06 §3.10).
fn missing(error :: String) -> Bool do
  error == "not found" || String.contains(error, "(id not found)")
end

fn some_todo(row :: Map<String, String>) -> Option<Todo>!String do
  let todo = Todo.from_row(row)?
  Ok(Some(todo))
end

pub fn list(pool :: PoolHandle) -> List<Todo>!String do
  let rows = Repo.all(pool, Query.from(table()) |> Query.order_by(:id, :asc))?
  decode_all(rows)
end

pub fn get(pool :: PoolHandle, id :: Int) -> Option<Todo>!String do
  case Repo.get(pool, table(), "${id}") do
    Ok(row) -> some_todo(row)
    Err(e) -> if missing(e) do Ok(None) else Err(e) end
  end
end

pub fn create(pool :: PoolHandle, title :: String) -> Todo!String do
  let row = Repo.insert(pool, table(), %{"title" => title})?
  Todo.from_row(row)
end

# Sets the title and the completed flag; `None` when no todo has this id.
pub fn update(pool :: PoolHandle, id :: Int, title :: String, completed :: Bool) -> Option<Todo>!String do
  let done = if completed do "true" else "false" end
  case Repo.update(pool, table(), "${id}", %{"title" => title, "completed" => done}) do
    Ok(row) -> some_todo(row)
    Err(e) -> if missing(e) do Ok(None) else Err(e) end
  end
end

# `true` when a todo was deleted, `false` when no todo had this id.
pub fn delete(pool :: PoolHandle, id :: Int) -> Bool!String do
  case Repo.delete(pool, table(), "${id}") do
    Ok(_) -> Ok(true)
    Err(e) -> if missing(e) do Ok(false) else Err(e) end
  end
end

pub fn count(pool :: PoolHandle) -> Int!String do
  Repo.count(pool, Query.from(table()))
end
