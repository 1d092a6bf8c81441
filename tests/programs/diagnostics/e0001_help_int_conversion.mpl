fn main() do
  let n :: Int = 2.5
  println("#{n}")
end
