fn main() do
  let count = 1
  println("#{cout}")
end
