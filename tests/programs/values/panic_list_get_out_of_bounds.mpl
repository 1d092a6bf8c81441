fn main() do
  let xs = [10, 20, 30]
  println("#{List.get(xs, 2)}")
  println("#{List.get(xs, 5)}")
end
