fn main() do
  let n = Nope { a: 1 }
  println("#{n}")
end
