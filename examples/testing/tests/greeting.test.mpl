fn greeting(name :: String) -> String do
  "hi, #{name}"
end

describe("greeting") do
  setup do
    assert(String.length("warmup") == 6)
  end

  test("includes the name") do
    assert(String.contains(greeting("ada"), "ada"))
    assert_eq(greeting("bo"), "hi, bo")
  end

  test("is never empty") do
    assert_raises(fn() do
      assert(String.length(greeting("")) == 0)
    end)
  end
end

test("mailbox round trip") do
  let me = self()
  send(me, "ping")
  assert_receive "ping", 200
end

test("mock forwards mail") do
  let me = self()
  let echo = Test.mock_actor(fn(msg) do
    send(me, msg)
    "ok"
  end)
  send(echo, "marco")
  assert_receive "marco", 500
end
