fn main() do
  let c = 'a'
  println("no")
end
