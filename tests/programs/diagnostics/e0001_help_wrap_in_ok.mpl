fn main() do
  let r :: Int!String = 5
  println("#{r}")
end
