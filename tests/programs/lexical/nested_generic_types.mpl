fn total(xss :: List<List<Int>>) -> Int do
  List.reduce(List.flatten(xss), 0, fn acc, x -> acc + x end)
end

fn main() do
  let m :: Map<String, List<Int>> = %{"a" => [1, 2]}
  println("#{total([[1, 2], [3]])} #{m}")
end
