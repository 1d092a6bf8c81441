fn main() do
  let id = fn v -> v end
  let a = id(5)
  let b = id("five")
  let c = id([true])
  println("#{a} #{b} #{c}")
end
