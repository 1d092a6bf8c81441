fn main() do
  println("[#{String.trim("  hi there \t\n")}]")
  println("[#{String.trim("\r\n\tx")}]")
  println("[#{String.trim("   ")}] [#{String.trim("")}] [#{String.trim("a b")}]")
  println("[#{String.trim(" 　x y　  ")}]")
  println("[#{String.trim("​z​")}]")
end
