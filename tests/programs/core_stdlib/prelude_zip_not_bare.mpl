fn main() do
  println("#{zip([1], [2])}")
end
