fn main() do
  println(Regex.replace(~r/\d+/, "foo123bar456", "N"))
  println("#{Regex.split(~r/\d+/, "a1b2c3d")}")
  println("#{Regex.split(~r/,/, ",x,")}")
  println("#{Regex.split(~r/,/, "")}")
  println("#{List.length(Regex.split(~r/,/, ""))}")
  println("#{Regex.split(~r/(-)/, "a-b-c")}")
  println("#{Regex.split(~r/x/, "abc")}")
  println(Regex.replace(~r/x/, "abc", "y"))
  println(Regex.replace(~r/b/, "", "y"))
end
