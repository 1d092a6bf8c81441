fn main() do
  let xs = [1, "a"]
  println("#{xs}")
end
