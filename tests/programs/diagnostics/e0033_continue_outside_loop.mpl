fn helper(n :: Int) -> Int do
  continue
  n
end

fn main() do
  println("#{helper(1)}")
end
