fn main() do
  println(Regex.replace(~r/a*/, "baac", "-"))
  println("#{List.length(Regex.split(~r/a*/, "baac"))}")
  println(String.join(Regex.split(~r/a*/, "baac"), "|"))
  println(Regex.replace(~r/x*/, "", "-"))
  println(Regex.replace(~r//, "abc", "-"))
  println(String.join(Regex.split(~r//, "abc"), "|"))
  println(Regex.replace(~r/\b/, "hi you", "|"))
end
