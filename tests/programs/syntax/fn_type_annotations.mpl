fn maybe_half(n :: Int) -> Int? do
  if n % 2 == 0 do Some(n / 2) else None end
end

fn checked(n :: Int) -> Int!String do
  if n > 0 do Ok(n) else Err("not positive") end
end

fn spaced(n :: Int) -> Int ! String do
  Ok(n)
end

fn apply(f :: Fun(Int) -> Int, v :: Int) -> Int do
  f(v)
end

fn make() -> Fun() -> Int do
  fn -> 7 end
end

fn pair(a :: Int, b :: String) -> (Int, String) do
  (a, b)
end

fn nothing() -> () do
  ()
end

fn main() do
  println("#{maybe_half(4)} #{maybe_half(3)}")
  println("#{checked(1)} #{checked(0)} #{spaced(2)}")
  println("#{apply(fn x -> x + 1 end, 1)} #{make()()}")
  println("#{pair(1, "a")} #{nothing()}")
end
