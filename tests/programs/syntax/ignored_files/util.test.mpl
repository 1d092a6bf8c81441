test("util name") do
  assert(Util.name() == "util")
end
