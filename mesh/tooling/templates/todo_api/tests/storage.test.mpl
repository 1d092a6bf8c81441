# Storage against a private in-memory SQLite database per test.
import Storage.Todos

fn ok<T>(result :: Result<T, String>) -> T do
  case result do
    Ok(value) -> value
    Err(e) -> panic(e)
  end
end

fn is_none<T>(value :: Option<T>) -> Bool do
  case value do
    Some(_) -> false
    None -> true
  end
end

describe("storage") do
  setup do
    let db = ok(Todos.open(":memory:"))
  end

  teardown do
    Sqlite.close(db)
  end

  test("starts empty") do
    assert_eq(List.length(ok(Todos.list(db))), 0)
  end

  test("creates and lists todos in order") do
    let first = ok(Todos.create(db, "buy milk"))
    let second = ok(Todos.create(db, "walk the dog"))
    assert_eq(first.title, "buy milk")
    assert(!first.completed)
    assert(second.id > first.id)
    let titles = List.map(ok(Todos.list(db)), fn(t) do t.title end)
    assert_eq(titles, ["buy milk", "walk the dog"])
  end

  test("gets one todo by id") do
    let created = ok(Todos.create(db, "read"))
    case ok(Todos.get(db, created.id)) do
      Some(found) -> assert_eq(found.title, "read")
      None -> assert(false)
    end
    assert(is_none(ok(Todos.get(db, created.id + 100))))
  end

  test("updates title and completion") do
    let created = ok(Todos.create(db, "draft"))
    case ok(Todos.update(db, created.id, "final", true)) do
      Some(updated) -> do
        assert_eq(updated.title, "final")
        assert(updated.completed)
      end
      None -> assert(false)
    end
    assert(is_none(ok(Todos.update(db, created.id + 100, "x", false))))
  end

  test("deletes once") do
    let created = ok(Todos.create(db, "temporary"))
    assert(ok(Todos.delete(db, created.id)))
    assert(!ok(Todos.delete(db, created.id)))
    assert_eq(List.length(ok(Todos.list(db))), 0)
  end
end
