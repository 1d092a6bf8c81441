fn main() do
  let n = 5
  let b = not n
  println("#{b}")
end
