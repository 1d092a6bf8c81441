fn main() do
  let r = frobnicate(1)
  println("#{r}")
end
