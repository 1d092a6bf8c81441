fn main() do
  println("a\tb")
  println("quote \"q\" and backslash \\")
  println("line1\nline2")
  println("unknown \q\u\z")
  println("dollar \$9 hash \#{x} \${y}")
end
