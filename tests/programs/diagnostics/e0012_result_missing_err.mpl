fn get(r :: Int!String) -> Int do
  case r do
    Ok(v) -> v
  end
end

fn main() do
  println("#{get(Ok(1))}")
end
