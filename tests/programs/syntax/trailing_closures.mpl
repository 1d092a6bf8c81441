fn apply(v :: Int, f :: Fun(Int) -> Int) -> Int = f(v)
fn run(f :: Fun() -> String) -> String = f()
fn combine(a :: Int, b :: Int, f :: Fun(Int, Int) -> Int) -> Int = f(a, b)
fn check(n :: Int) -> Bool = n > 2

fn main() do
  let a = apply(5) do |x|
    x * 2
  end
  let b = run() do
    "ran"
  end
  let c = combine(3, 4) do |x, y|
    x * y
  end
  let d = List.map([1, 2]) do |x|
    x + 10
  end
  println("#{a} #{b} #{c} #{d}")
  if check(3) do
    println("if body, not a closure")
  end
  let e = case check(1) do
    true -> "t"
    false -> "f"
  end
  println(e)
  for x in List.reverse([1, 2]) do
    println("for #{x}")
  end
end
