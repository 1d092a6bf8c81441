fn get(o :: Int?) -> Int do
  case o do
    Some(x) -> x
  end
end

fn main() do
  println("#{get(Some(1))}")
end
