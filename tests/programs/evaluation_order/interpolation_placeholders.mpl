# Spec 05 §4 / 01 §2.10: interpolation placeholders are evaluated left to right, also when
# a later placeholder contains a string literal or a nested interpolation.
fn a() -> Int do
  println("a")
  1
end

fn b(s :: String) -> String do
  println("b")
  s
end

fn c(x :: Float) -> Float do
  println("c")
  x
end

fn flag(s :: String) -> Bool do
  println(s)
  true
end

fn main() do
  println("first=${a()} second=${b("x")}")
  println("p=${a()} q=${c(1.5)} r=${b("y")} s=${a() + 1}")
  println("n=${b("outer ${a()}")} m=${flag("flag")} k=${c(2.0)}")
  let msg = "x=${c(0.5)} y=${b("z")}"
  println(msg)
end
