struct Thing do
  type :: Int
end

fn main() do
  println("x")
end
