fn main() do
  let xs = [1, 2, 3]
  let empty :: List<Int> = []
  let ys = [4, 5,]
  println("#{xs ++ ys} #{xs <> ys} #{List.length(empty)}")
  let m = %{"k" => 1, "j" => 2}
  let n = %{1 + 1 => "two", 3 => "three"}
  let dup = %{"a" => 1, "b" => 2, "a" => 3}
  let e :: Map<String, Int> = %{}
  println("#{m} #{n} #{dup} #{Map.size(e)}")
  let spaced = % {"x" => 1}
  println("#{spaced} #{10 % 3}")
  let nested = %{"l" => [1, 2]}
  println("#{nested}")
end
