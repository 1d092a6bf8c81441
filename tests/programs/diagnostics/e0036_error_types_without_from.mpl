fn f(r :: Int!String) -> Int!Int do
  let v = r?
  Ok(v)
end

fn main() do
  println("#{f(Ok(1))}")
end
