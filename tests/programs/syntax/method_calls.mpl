fn main() do
  let s = "hello"
  println("#{s.length()} #{s.to_upper()} #{"a-b".split("-")}")
  println("#{[3, 1].length()} #{[1, 2].to_string()} #{true.to_string()}")
  let m = %{"a" => 1}
  println("#{m.has_key("a")} #{m.size()}")
  println("#{(1..4).length()}")
  println(s.to_upper().to_lower())
end
