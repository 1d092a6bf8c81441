import Config

describe("Config.positive_int") do
  test("falls back to the default when the variable is unset") do
    assert_eq(Config.positive_int("TODO_TEST_SURELY_UNSET_VARIABLE", 8080), 8080)
  end
end

describe("Config.require_database_url") do
  test("refuses an empty value") do
    assert_eq(Config.require_database_url("  "), Err("DATABASE_URL is required, e.g. postgres://todo:todo@localhost:5432/todo"))
  end

  test("trims the value") do
    assert_eq(Config.require_database_url(" postgres://todo@db/todo "), Ok("postgres://todo@db/todo"))
  end
end

describe("defaults") do
  test("are positive") do
    assert(Config.port() >= 0)
    assert(Config.rate_limit_window_seconds() > 0)
    assert(Config.rate_limit_max_requests() > 0)
  end
end
