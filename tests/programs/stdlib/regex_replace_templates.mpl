fn main() do
  let rx = ~r/(?<first>\w+) (?<last>\w+)/
  println(Regex.replace(rx, "ada lovelace", "$last, $first"))
  println(Regex.replace(rx, "ada lovelace", "\${last}_\${first}"))
  println(Regex.replace(rx, "ada lovelace", "$2 $1"))
  println(Regex.replace(rx, "ada lovelace", "\${2}a"))
  println(Regex.replace(rx, "ada lovelace", "[$2a]"))
  println(Regex.replace(rx, "ada lovelace", "$$1 costs $"))
  println(Regex.replace(rx, "ada lovelace", "$9|$nope|\${nope}"))
  println(Regex.replace(rx, "ada lovelace", "\\1 $-"))
  println(Regex.replace(~r/(a)|(b)/, "ab", "[$1$2]"))
  println(Regex.replace(rx, "ada lovelace", "$0!"))
  println(regex_replace(~r/o/, "foo", "0"))
end
