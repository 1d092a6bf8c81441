fn get(o :: Int?) -> Int do
  let v = o?
  v
end

fn main() do
  println("#{get(Some(1))}")
end
