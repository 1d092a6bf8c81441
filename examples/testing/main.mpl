# `mesh test examples/testing` runs tests/greeting.test.mpl (spec 08 §7.4); this entry
# point is not part of the test build.

fn greeting(name :: String) -> String do
  "hi, #{name}"
end

fn main() do
  println(greeting("ada"))
end
