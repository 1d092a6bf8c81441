# Spec 06 §3.6: `Option<X>` fields: missing column → None, "" (SQL NULL) → None, otherwise
# parsed as X and wrapped in Some; a value that does not parse is still an error.
struct Book do
  title :: String
  pages :: Int
  rating :: Option<Float>
end deriving(Row, Debug)

struct Extras do
  note :: Option<String>
  count :: Option<Int>
  done :: Option<Bool>
end deriving(Row, Debug)

fn load(db :: SqliteConn) -> List<Map<String, String>>!String do
  let _ = Sqlite.execute(db, "CREATE TABLE books (title TEXT, pages INTEGER, rating REAL)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO books VALUES ('Dune', 412, 4.5), ('Emma', 474, NULL)", [])?
  let _ = Sqlite.execute(db, "INSERT INTO books (title, pages) VALUES (?, ?)", ["Ulysses", "730"])?
  Sqlite.query(db, "SELECT title, pages, rating FROM books ORDER BY title", [])
end

fn main() do
  case Sqlite.open(":memory:") do
    Ok(db) -> case load(db) do
      Ok(rows) -> List.map(rows, fn(r) do println("${Book.from_row(r)}") end)
      Err(e) -> [println(e)]
    end
    Err(e) -> [println(e)]
  end
  println("${Book.from_row(%{"title" => "No rating column", "pages" => "1"})}")
  println("${Book.from_row(%{"title" => "Bad", "pages" => "1", "rating" => "great"})}")
  println("${Book.from_row(%{"title" => "Bad pages", "pages" => ""})}")
  println("${Extras.from_row(%{})}")
  println("${Extras.from_row(%{"note" => "", "count" => "", "done" => ""})}")
  println("${Extras.from_row(%{"note" => " hi ", "count" => " 3 ", "done" => "yes"})}")
  println("${Extras.from_row(%{"note" => "x", "count" => "three"})}")
  println("${Extras.from_row(%{"done" => "perhaps"})}")
end
