# The todo routes: JSON in, JSON out. Errors are `{"error": "<text>"}` with 400 (body
# is not JSON / id is not a number), 404 (no such todo), 422 (JSON of the wrong shape)
# or 500 (storage failure).
from Types.Todo import NewTodo, TodoChanges
from Runtime.Registry import state
import Storage.Todos

fn error(status :: Int, message :: String) -> Response do
  HTTP.response(status, json { error: message })
end

fn not_found() -> Response do
  error(404, "todo not found")
end

# The `:id` segment as a number, or the 400 to answer.
fn todo_id(request :: Request) -> Int!Response do
  case Request.param(request, "id") do
    Some(text) -> case String.to_int(text) do
      Some(id) -> Ok(id)
      None -> Err(error(400, "invalid id: ${text}"))
    end
    None -> Err(error(400, "missing id"))
  end
end

# The body must be JSON (else 400); decoding it into the expected shape is the caller's.
fn json_body(request :: Request) -> String!Response do
  let body = Request.body(request)
  case Json.parse(body) do
    Ok(_) -> Ok(body)
    Err(e) -> Err(error(400, "invalid JSON: ${e}"))
  end
end

fn valid_title(title :: String) -> String!Response do
  let trimmed = String.trim(title)
  if trimmed == "" do
    Err(error(422, "title must not be empty"))
  else
    Ok(trimmed)
  end
end

pub fn handle_list(_request :: Request) -> Response do
  case Todos.list(state().db) do
    Ok(todos) -> HTTP.response(200, Json.encode(todos))
    Err(e) -> error(500, e)
  end
end

pub fn handle_get(request :: Request) -> Response do
  case todo_id(request) do
    Err(response) -> response
    Ok(id) -> case Todos.get(state().db, id) do
      Ok(Some(todo)) -> HTTP.response(200, Json.encode(todo))
      Ok(None) -> not_found()
      Err(e) -> error(500, e)
    end
  end
end

fn create(request :: Request) -> Response!Response do
  let body = json_body(request)?
  let input = case NewTodo.from_json(body) do
    Ok(input) -> Ok(input)
    Err(e) -> Err(error(422, e))
  end?
  let title = valid_title(input.title)?
  case Todos.create(state().db, title) do
    Ok(todo) -> Ok(HTTP.response(201, Json.encode(todo)))
    Err(e) -> Err(error(500, e))
  end
end

pub fn handle_create(request :: Request) -> Response do
  case create(request) do
    Ok(response) -> response
    Err(response) -> response
  end
end

fn update(request :: Request) -> Response!Response do
  let id = todo_id(request)?
  let body = json_body(request)?
  let changes = case TodoChanges.from_json(body) do
    Ok(changes) -> Ok(changes)
    Err(e) -> Err(error(422, e))
  end?
  let db = state().db
  let current = case Todos.get(db, id) do
    Ok(Some(todo)) -> Ok(todo)
    Ok(None) -> Err(not_found())
    Err(e) -> Err(error(500, e))
  end?
  let title = case changes.title do
    Some(t) -> valid_title(t)?
    None -> current.title
  end
  let completed = case changes.completed do
    Some(c) -> c
    None -> current.completed
  end
  case Todos.update(db, id, title, completed) do
    Ok(Some(todo)) -> Ok(HTTP.response(200, Json.encode(todo)))
    Ok(None) -> Err(not_found())
    Err(e) -> Err(error(500, e))
  end
end

pub fn handle_update(request :: Request) -> Response do
  case update(request) do
    Ok(response) -> response
    Err(response) -> response
  end
end

pub fn handle_delete(request :: Request) -> Response do
  case todo_id(request) do
    Err(response) -> response
    Ok(id) -> case Todos.delete(state().db, id) do
      Ok(true) -> HTTP.response(200, json { deleted: id })
      Ok(false) -> not_found()
      Err(e) -> error(500, e)
    end
  end
end
