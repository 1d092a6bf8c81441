fn first(xs :: List<Int>) -> Int do
  case xs do
    [h | t] -> h
    _ -> 0
  end
end

fn main() do
  println("#{first([1])}")
end
