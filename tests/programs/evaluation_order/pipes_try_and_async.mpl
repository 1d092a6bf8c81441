# Pipes evaluate the piped value before the other arguments (a slot pipe is the call it
# stands for, spec 01 §7.5: `x |2> f(a, b)` is `f(a, x, b)`); `?` and calls to suspending
# functions inside larger expressions keep left-to-right order.
fn t(tag :: String, v :: Int) -> Int do
  println(tag)
  v
end

fn s(tag :: String) -> String do
  println(tag)
  tag
end

fn ok(tag :: String, v :: Int) -> Result<Int, String> do
  println(tag)
  Ok(v)
end

fn some(tag :: String, v :: Int) -> Option<Int> do
  println(tag)
  Some(v)
end

fn slow(tag :: String, v :: Int) -> Int do
  Timer.sleep(1)
  println(tag)
  v
end

fn add3(a :: Int, b :: Int, c :: Int) -> Int do
  a + b + c
end

fn tries() -> Result<Int, String> do
  Ok(t("r1", 1) + ok("r2 ${s("r3")}", 2)? + t("r4", 3))
end

fn opts() -> Option<Int> do
  Some(t("o1", 1) + some("o2", 2)? + t("o3", 3))
end

fn main() do
  println("#{t("p1", 1) |> add3(t("p2", 2), t("p3", 3))}")
  println("#{t("q1", 1) |2> add3(t("q2", 20), t("q3", 300))}")
  println("#{tries()}")
  println("#{opts()}")
  println("#{t("s1", 1) + slow("s2", 2) + t("s3", 3)}")
  println("x=${t("s4", 4)} y=${slow("s5", 5)} z=${s("s6")}")
  println("#{add3(t("s7", 7), slow("s8", 8), String.length(s("s9")))}")
end
