# Struct literal and update fields are evaluated in source order, whatever the
# declaration order of the fields.
struct P do
  x :: Int
  y :: String
  z :: Float
end

fn t(tag :: String, v :: Int) -> Int do
  println(tag)
  v
end

fn s(tag :: String) -> String do
  println(tag)
  tag
end

fn f(tag :: String, v :: Float) -> Float do
  println(tag)
  v
end

fn main() do
  let p = P { z: f("lit z", 1.5), y: s("lit y"), x: t("lit x", 1) }
  let q = P { x: t("q x", 2), y: s("q y ${t("q inner", 3)}"), z: f("q z", 2.5) }
  let r = %{q | z: f("upd z", 3.5), x: t("upd x", 4)}
  let u = %{p | y: s("upd y"), x: t("upd x2", 5)}
  println("${p.x} ${q.y} ${r.x} ${r.z} ${u.y} ${u.x}")
end
