fn main() do
  let ok = 1 < 2 < 3
  println("#{ok}")
end
