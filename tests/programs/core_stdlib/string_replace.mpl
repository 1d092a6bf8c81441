fn main() do
  println(String.replace("a-b-c", "-", "+"))
  println(String.replace("aaa", "aa", "b"))
  println(String.replace("aaaa", "aa", "a"))
  println(String.replace("hello", "l", ""))
  println(String.replace("abc", "z", "y"))
  println(String.replace("ab", "", "-"))
  println(String.replace("Grüße", "", "."))
  println("[#{String.replace("", "", "x")}] [#{String.replace("", "a", "x")}]")
  println(String.replace("Grüße Grüße", "üß", "ue"))
  println(String.replace("aa", "a", "aa"))
end
