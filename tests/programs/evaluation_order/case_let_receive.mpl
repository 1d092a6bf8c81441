# Case subjects, destructuring lets and a receive timeout evaluate their parts left to right.
fn t(tag :: String, v :: Int) -> Int do
  println(tag)
  v
end

fn s(tag :: String) -> String do
  println(tag)
  tag
end

fn main() do
  case (t("c1", 1), s("c2 ${t("c3", 3)}")) do
    (1, _) -> println("one")
    _ -> println("other")
  end
  let (a, b) = (s("d1"), String.length(s("d2 ${s("d3")}")))
  println("#{a} #{b}")
  receive do
    _ -> println("never")
  after t("r1", 1) + t("r2 ${s("r3")}", 0) -> println("timeout")
  end
end
