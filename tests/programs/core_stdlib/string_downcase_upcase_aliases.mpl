from String import downcase, upcase, to_int
fn main() do
  println("#{string_downcase("AB")} #{string_upcase("ß")} #{downcase("X")} #{upcase("y")} #{to_int("5")}")
  println("#{"Ab".downcase()} #{"ab".upcase()} #{"x,y".split(",").length()} #{"  a ".trim().to_upper()}")
end
