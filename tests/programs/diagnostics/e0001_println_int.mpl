fn main() do
  let count = 3
  println(count)
end
