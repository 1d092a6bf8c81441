fn main() do
  println("#{List.sum([1, 2])}")
end
