fn main() do
  println("#{List.sort([2, 1])}")
end
