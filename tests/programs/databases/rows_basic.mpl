# Spec 06 §3.6/§5 (rows): `Alice 30 95.5 true`; `Bob`; `missing column: count`.
struct User do
  name :: String
  age :: Int
  score :: Float
  active :: Bool
end deriving(Row)

struct Tally do
  name :: String
  count :: Int
end deriving(Row)

fn from_db(db :: SqliteConn) -> List<User!String>!String do
  let _ = Sqlite.execute(db, "CREATE TABLE users (name TEXT, age INTEGER, score REAL, active INTEGER)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO users VALUES (?, ?, ?, ?), (?, ?, ?, ?)", ["Alice", "30", "95.5", "1", "Bob", "25", "71", "0"])?
  let rows = Sqlite.query(db, "SELECT * FROM users WHERE age < ?", ["26"])?
  Ok(List.map(rows, User.from_row))
end

fn print_names(users :: List<User!String>) do
  List.map(users, fn(u) do
    case u do
      Ok(user) -> println(user.name)
      Err(e) -> println("error: ${e}")
    end
  end)
  ()
end

fn main() do
  let row = %{"name" => "Alice", "age" => "30", "score" => "95.5", "active" => "t"}
  case User.from_row(row) do
    Ok(u) -> println("${u.name} ${u.age} ${u.score} ${u.active}")
    Err(e) -> println("error: ${e}")
  end
  case Sqlite.open(":memory:") do
    Ok(db) -> case from_db(db) do
      Ok(users) -> print_names(users)
      Err(e) -> println("error: ${e}")
    end
    Err(e) -> println(e)
  end
  case Tally.from_row(%{"name" => "votes"}) do
    Ok(_) -> println("unexpected Ok")
    Err(e) -> println(e)
  end
end
