fn main() do
  let rx = ~r/[,;]/
  println("#{regex_is_match(rx, "a;b")}")
  println(String.join(regex_split(rx, "a,b;c"), " "))
  println(regex_replace(rx, "a,b", "+"))
end
