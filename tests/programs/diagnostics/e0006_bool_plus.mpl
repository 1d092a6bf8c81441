fn main() do
  let b = true + false
  println("#{b}")
end
