fn main() do
  let n = 3
  println("#{n.to_float()}")
end
