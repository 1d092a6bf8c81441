import Config

describe("Config.positive_int") do
  test("falls back to the default when the variable is unset") do
    assert_eq(Config.positive_int("TODO_TEST_SURELY_UNSET_VARIABLE", 8080), 8080)
  end
end

describe("defaults") do
  test("are positive") do
    assert(Config.port() >= 0)
    assert(Config.rate_limit_window_seconds() > 0)
    assert(Config.rate_limit_max_requests() > 0)
    assert(Config.db_path() != "")
  end
end
