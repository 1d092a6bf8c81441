# Issue 19: the help line writes out a call that compiles (`(-5).to_string()`, not a bare
# `to_string()`).
fn main() do
  let n = 41
  let shown :: String = n + 1
  let negative :: String = -5
  println(shown <> negative)
end
