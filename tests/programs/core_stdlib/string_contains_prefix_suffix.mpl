fn main() do
  let s = "Grüße, world"
  println("#{String.contains(s, "üß")} #{String.contains(s, "x")} #{String.contains(s, "")} #{String.contains("", "")} #{String.contains("", "a")}")
  println("#{String.starts_with(s, "Grü")} #{String.starts_with(s, "rü")} #{String.starts_with(s, "")} #{String.starts_with("ab", "abc")} #{String.starts_with("", "")}")
  println("#{String.ends_with(s, "world")} #{String.ends_with(s, "worl")} #{String.ends_with(s, "")} #{String.ends_with("c", "bc")} #{String.ends_with("", "")}")
end
