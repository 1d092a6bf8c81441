fn main() do
  let s = "hello"
  let xs = [1, 2, 3]
  let m = %{"a" => 1}
  println("#{s.length()} #{xs.reverse()} #{m.has_key("a")} #{s.to_upper().length()}")
end
