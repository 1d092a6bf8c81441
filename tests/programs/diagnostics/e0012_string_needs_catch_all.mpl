fn main() do
  let s = "a"
  let r = case s do
    "a" -> 1
    "b" -> 2
  end
  println("#{r}")
end
