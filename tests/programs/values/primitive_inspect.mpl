fn main() do
  let n = 42
  let f = 2.0
  let b = true
  println("#{n.inspect()} #{f.inspect()} #{b.inspect()}")
end
