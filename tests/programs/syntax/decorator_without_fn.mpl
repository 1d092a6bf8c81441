@cluster struct Job do
  id :: Int
end

fn main() do
  println("x")
end
