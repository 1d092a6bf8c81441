fn main() do
  let d = 3 - 3
  println("before")
  println("#{7 % d}")
  println("after")
end
