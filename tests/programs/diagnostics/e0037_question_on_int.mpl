fn f(n :: Int) -> Int? do
  let v = n?
  Some(v)
end

fn main() do
  println("#{f(1)}")
end
