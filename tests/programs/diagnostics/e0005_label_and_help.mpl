fn main() do
  let n = 5
  println("#{n(1)}")
end
