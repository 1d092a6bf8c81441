fn main() do
  let a = %{"a" => 1}
  let b = %{"a" => 2}
  println("#{a < b}")
end
