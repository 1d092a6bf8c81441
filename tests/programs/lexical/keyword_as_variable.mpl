fn main() do
  let json = 1
  println("#{json}")
end
