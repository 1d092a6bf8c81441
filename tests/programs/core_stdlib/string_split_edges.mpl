fn show(parts :: List<String>) -> String do
  "#{List.length(parts)}:<#{String.join(parts, "|")}>"
end

fn main() do
  println(show(String.split("a,b,c", ",")))
  println(show(String.split("a,,b", ",")))
  println(show(String.split("", ",")))
  println(show(String.split(",a,", ",")))
  println(show(String.split("abc", "")))
  println(show(String.split("Grüße", "")))
  println(show(String.split("", "")))
  println(show(String.split("a::b::c", "::")))
  println(show(String.split("abc", "x")))
  println(show(String.split("aaa", "aa")))
  println("#{String.split("a b  c", " ")}")
end
