type Light do
  Red
  Green
end

fn main() do
  let n :: Int = Red
  println("#{n}")
end
