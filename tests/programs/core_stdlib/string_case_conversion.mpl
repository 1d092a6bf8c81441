fn main() do
  println(String.to_upper("Grüße, world 1!"))
  println(String.to_lower("ÀÉÎ Straße ABC"))
  println("#{String.to_upper("ß")} #{String.to_upper("ﬁx")} #{String.to_lower("")} #{String.to_upper("")}")
  println("#{String.upcase("straße")} #{String.downcase("ÉCOLE")}")
  let s = "MiXeD"
  println("#{String.to_lower(s)} #{String.to_upper(s)} #{s}")
end
