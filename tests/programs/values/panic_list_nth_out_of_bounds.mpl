fn main() do
  let xs = [1, 2, 3]
  println("#{List.nth(xs, 0)}")
  println("#{List.nth(xs, 3)}")
end
