fn f(r :: Int!String) -> Int? do
  let v = r?
  Some(v)
end

fn main() do
  println("#{f(Ok(1))}")
end
