struct Pair do
  left :: Int
  right :: Int
end

fn main() do
  let p = Pair { left: 1, right: 2 }
  println("#{p}")
end
