fn main() do
  let b :: Bool = 1
  println("#{b}")
end
