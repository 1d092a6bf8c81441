fn main() do
  println("#{Regex.is_match(~r/hello/i, "HeLLo")}")
  println("#{Regex.is_match(~r/hello/, "HeLLo")}")
  println(String.join(Regex.split(~r/^-/m, "a\n-b\n-c"), "|"))
  println(Regex.replace(~r/a.b/is, "A\nB", "ok"))
  println(Regex.replace(~r/^\w+$/im, "ab\nCD", "W"))
end
