fn first(xs :: List<Int>) -> Self.Item do
  0
end

fn main() do
  println("#{first([1])}")
end
