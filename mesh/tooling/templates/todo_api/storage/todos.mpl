# SQLite storage for todos. Every function returns `Err(text)` with SQLite's own message
# on failure, so the API can answer 500 with it.
from Types.Todo import Todo

fn columns() -> String do
  "id, title, completed, created_at"
end

# Opens (or creates) the database file and makes sure the table exists.
pub fn open(path :: String) -> SqliteConn!String do
  let db = Sqlite.open(path)?
  let _ = Sqlite.execute(db, "CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, completed INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))", [])?
  Ok(db)
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

fn first(rows :: List<Map<String, String>>) -> Option<Todo>!String do
  let todos = decode_all(rows)?
  if List.length(todos) == 0 do
    Ok(None)
  else
    Ok(Some(List.head(todos)))
  end
end

pub fn list(db :: SqliteConn) -> List<Todo>!String do
  let rows = Sqlite.query(db, "SELECT ${columns()} FROM todos ORDER BY id", [])?
  decode_all(rows)
end

pub fn get(db :: SqliteConn, id :: Int) -> Option<Todo>!String do
  let rows = Sqlite.query(db, "SELECT ${columns()} FROM todos WHERE id = ?", ["${id}"])?
  first(rows)
end

pub fn create(db :: SqliteConn, title :: String) -> Todo!String do
  let rows = Sqlite.query(db, "INSERT INTO todos (title) VALUES (?) RETURNING ${columns()}", [title])?
  case first(rows)? do
    Some(todo) -> Ok(todo)
    None -> Err("insert returned no row")
  end
end

# Sets the title and the completed flag; `None` when no todo has this id.
pub fn update(db :: SqliteConn, id :: Int, title :: String, completed :: Bool) -> Option<Todo>!String do
  let done = if completed do "1" else "0" end
  let rows = Sqlite.query(db, "UPDATE todos SET title = ?, completed = ? WHERE id = ? RETURNING ${columns()}", [title, done, "${id}"])?
  first(rows)
end

# `true` when a todo was deleted, `false` when no todo had this id.
pub fn delete(db :: SqliteConn, id :: Int) -> Bool!String do
  let rows = Sqlite.query(db, "DELETE FROM todos WHERE id = ? RETURNING id", ["${id}"])?
  Ok(List.length(rows) > 0)
end
