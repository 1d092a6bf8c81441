fn main() do
  let xs = [10, 20, 30]
  let i = -1
  println("#{List.get(xs, i)}")
end
