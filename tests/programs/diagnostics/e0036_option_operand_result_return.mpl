fn f(o :: Int?) -> Int!String do
  let v = o?
  Ok(v)
end

fn main() do
  println("#{f(Some(1))}")
end
