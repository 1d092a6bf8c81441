fn main() do
  println("tab:\tend")
  println("quote:\"q\" backslash:\\ done")
  println("dollar:\$ hash:\# u:\u q:\q")
  println("#{String.length("a\0b")} #{String.length("a\rb")} #{String.length("\n")}")
  println("two\nlines")
end
