# Call arguments, list/tuple/map/json literals and binary operands are evaluated left
# to right, including operands that need statements (if/case in expression position).
fn t(tag :: String, v :: Int) -> Int do
  println(tag)
  v
end

fn s(tag :: String) -> String do
  println(tag)
  tag
end

fn add3(a :: Int, b :: Int, c :: Int) -> Int do
  a + b + c
end

fn main() do
  println("#{add3(t("a1", 1), if t("a2", 2) > 0 do t("a3", 3) else 0 end, t("a4", 4))}")
  let l = [t("l1", 1), String.length(s("l2")), case t("l3", 3) do
    3 -> t("l4", 4)
    _ -> 0
  end, t("l5", 5)]
  println("#{List.length(l)}")
  let tp = (s("tp1"), t("tp2", 2), s("tp3 ${t("tp4", 4)}"))
  println(Tuple.first(tp))
  let m = %{s("m1") => t("m2", 2), s("m3") => t("m4", 4)}
  println("#{Map.size(m)}")
  let sum = t("b1", 1) + t("b2", 2) * t("b3", 3) - if t("b4", 4) > 0 do t("b5", 5) else 0 end
  println("#{sum}")
  let cc = s("c1") <> s("c2 ${s("c3")}") <> s("c4")
  println(cc)
  let both = t("o1", 1) > 0 and s("o2 ${t("o3", 3)}") == "x"
  println("#{both}")
  let j = json { a: t("j1", 1), b: s("j2"), c: t("j3", 3) }
  println("#{j}")
end
